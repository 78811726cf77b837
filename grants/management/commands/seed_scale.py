"""`python manage.py seed_scale --applications 20000 --reviews 60000`: a cycle-sized dataset for benchmarks."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from grants.scale import RealUsersPresent, scale_seed


class Command(BaseCommand):
    help = _(
        "Replace the scale dataset (people at scale.example.org, rounds titled “Scale …”) by one of "
        "the given size, in bulk. Refuses a database holding other people unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--applications", type=int, default=20_000)
        parser.add_argument("--reviews", type=int, default=None, help=_("Default: 3 per application."))
        parser.add_argument("--communities", type=int, default=None, help=_("Default: 1 per 2 applications."))
        parser.add_argument("--outbox", type=int, default=None, help=_("Default: 2.5 per application."))
        parser.add_argument(
            "--seed", type=int, default=2018, help=_("Random seed, for the same data each run.")
        )
        parser.add_argument(
            "--force", action="store_true", help=_("Run even though the database holds real people.")
        )

    def handle(self, *args, **options) -> None:
        applications = options["applications"]
        if applications < 1:
            raise CommandError(_("Seed at least one application."))
        started = time.perf_counter()
        try:
            counts = scale_seed(
                applications=applications,
                reviews=applications * 3 if options["reviews"] is None else options["reviews"],
                communities=options["communities"],
                notifications=options["outbox"],
                force=options["force"],
                seed=options["seed"],
            )
        except RealUsersPresent as refusal:
            raise CommandError(
                _(
                    "This database holds people who are not scale seed data; "
                    "seed_scale would mix benchmark data with theirs. Use --force to do it anyway."
                )
            ) from refusal
        seconds = time.perf_counter() - started
        self.stdout.write(
            _(
                "Seeded %(communities)d communities, %(applications)d applications, %(reviews)d reviews "
                "with %(scores)d scores, %(awards)d awards with %(tranches)d tranches and "
                "%(notifications)d outbox rows in %(seconds).1f s."
            )
            % {**vars(counts), "seconds": seconds}
        )
