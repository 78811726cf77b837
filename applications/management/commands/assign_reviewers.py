"""manage.py assign_reviewers ROUND_ID --per-application 3: give a whole round its reviewers."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from applications.services import reviewers_assign
from programs.models import Round


class Command(BaseCommand):
    help = (
        "Assign reviewers to every in-review application of a round, balancing loads and avoiding "
        "conflicts. Running it again tops up; it never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int)
        parser.add_argument("--per-application", type=int, default=3)
        parser.add_argument("--by", help="Email of the staff member recorded as assigning (optional).")

    def handle(self, *args, round_id: int, per_application: int, by: str | None = None, **options):
        round_ = Round.objects.filter(pk=round_id).select_related("program").first()
        if round_ is None:
            raise CommandError(f"No round with id {round_id}.")
        actor = None
        if by:
            actor = get_user_model().objects.filter(email__iexact=by).first()
            if actor is None:
                raise CommandError(f"No user with email {by}.")
        try:
            result = reviewers_assign(round=round_, by=actor, per_application=per_application)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        loads = sorted(result.loads.values())
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "%(n)d new assignment in %(round)s.",
                    "%(n)d new assignments in %(round)s.",
                    len(result.created),
                )
                % {"n": len(result.created), "round": round_}
            )
            + (f" Loads per reviewer: {loads[0]}–{loads[-1]}." if loads else "")
        )
        if result.uncovered:
            self.stdout.write(
                self.style.WARNING(
                    ngettext(
                        "%(n)d application lacks reviewers without a conflict: ",
                        "%(n)d applications lack reviewers without a conflict: ",
                        len(result.uncovered),
                    )
                    % {"n": len(result.uncovered)}
                    + ", ".join(f"#{pk} (−{n})" for pk, n in sorted(result.uncovered.items())[:20])
                )
            )
