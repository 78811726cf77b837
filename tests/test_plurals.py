"""Messages that count things agree with the count: "1 application was told", "1 of 40 places"."""

import io
import re
import tokenize
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from applications.models import Status
from applications.services import ReviewRefused, application_decide, decisions_release
from leadership.services import gathering_rsvp
from tests.factories import (
    ApplicationFactory,
    GatheringFactory,
    RoundFactory,
    TrainingSessionFactory,
    group_admin,
    make_program_staff,
)

ROOT = Path(settings.BASE_DIR)
APPS = ["applications", "grants", "programs", "leadership", "notifications", "config"]


def _strings_of(path: Path) -> list[tuple[int, str]]:
    """The string literals of a Python module, or every line of a template."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return list(enumerate(text.splitlines(), start=1))
    tokens = tokenize.generate_tokens(io.StringIO(text).readline)
    return [(t.start[0], t.string) for t in tokens if t.type == tokenize.STRING]


def test_no_user_facing_string_writes_a_plural_as_s_in_parentheses():
    files = [p for app in APPS for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]
    files += list((ROOT / "templates").rglob("*.html")) + list((ROOT / "templates").rglob("*.txt"))
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in files
        for n, text in _strings_of(path)
        # SQL (SUM(s), SQRT(s)) is not read by people.
        if re.search(r"[A-Za-z]\(s\)", text) and "SELECT " not in text
    ]
    assert offenders == []


@pytest.mark.django_db
def test_one_application_left_undecided_is_named_in_the_singular(staff):
    manager = make_program_staff(staff)
    round_ = RoundFactory(reviewed=True)
    ApplicationFactory(round=round_, status=Status.IN_REVIEW)
    with pytest.raises(
        ReviewRefused, match="1 application still awaits screening or a decision; decide it before"
    ):
        decisions_release(round=round_, by=manager)


@pytest.mark.django_db
def test_releasing_one_decision_says_one_application_was_told(
    client, staff, django_capture_on_commit_callbacks
):
    manager = make_program_staff(staff)
    round_ = RoundFactory(reviewed=True)
    application = ApplicationFactory(round=round_, status=Status.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        application_decide(
            application=application, by=manager, outcome=Status.SHORTLISTED, few_reviews_confirmed=True
        )
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("round_release_decisions", args=[round_.pk]), follow=True)
    html = response.content.decode()
    assert "Decisions released: 1 application was told its outcome." in html
    assert "1 application told." in html


@pytest.mark.django_db
def test_one_place_taken_of_forty_reads_in_the_plural_of_the_places(client):
    viewer = group_admin()
    session = TrainingSessionFactory(open_to_all_admins=True, capacity=40)
    from leadership.services import session_enrol

    session_enrol(session=session, user=viewer, by=viewer)
    client.force_login(viewer)
    html = client.get(reverse("session_list")).content.decode()
    assert "1 of 40 places taken" in html
    assert "place taken" not in html.replace("places taken", "")


@pytest.mark.django_db
def test_one_seat_taken_of_ten_on_a_gathering(client):
    gathering = GatheringFactory(capacity=10)
    guest = group_admin()
    gathering_rsvp(gathering=gathering, by=guest)
    client.force_login(guest)
    html = client.get(gathering.get_absolute_url()).content.decode()
    assert "1 of 10 seats taken" in html


def test_french_plurals_follow_the_french_rule():
    from django.utils.translation import ngettext

    with translation.override("fr"):
        one = ngettext(
            "Decisions released: %(n)d application was told its outcome.",
            "Decisions released: %(n)d applications were told their outcome.",
            1,
        )
        two = ngettext(
            "Decisions released: %(n)d application was told its outcome.",
            "Decisions released: %(n)d applications were told their outcome.",
            2,
        )
    assert one != two
    assert "candidature a" in one and "candidatures ont" in two
