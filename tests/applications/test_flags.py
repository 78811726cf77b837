"""Duplicate and fraud flags: planted near-copies and a reused link are flagged, unrelated
applications are not, bursts of communities by one account, the task after submission, the
nightly pass, staff decisions with a note and their trail, permissions and the screening pages."""

import random
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.flags import flags_for_application, flags_scan
from applications.flags.communities import url_key
from applications.flags.text import THRESHOLD, jaccard, shingles
from applications.models import Flag, FlagEvent, FlagKind, FlagStatus, Status, TextBand
from applications.services import application_submit, flag_confirm, flag_dismiss, flag_reopen
from applications.services.flags import FlagRefused
from tests.factories import (
    ApplicationFactory,
    CommunityFactory,
    RoundFactory,
    UserFactory,
    make_program_staff,
    make_reviewer,
)

pytestmark = pytest.mark.django_db

VOCABULARY = [
    "community",
    "members",
    "volunteers",
    "workshop",
    "health",
    "families",
    "neighbours",
    "training",
    "meetings",
    "school",
    "women",
    "refugees",
    "garden",
    "market",
    "online",
    "group",
    "admins",
    "safety",
    "rules",
    "support",
    "mentors",
    "youth",
    "city",
    "village",
    "water",
    "clinic",
    "reading",
    "music",
    "sport",
    "elders",
    "newcomers",
    "language",
    "jobs",
    "food",
    "bank",
    "repair",
    "library",
    "events",
    "weekly",
    "monthly",
    "survey",
    "trust",
    "moderation",
    "campaign",
    "awareness",
    "local",
    "skills",
]


def _text(seed: int, words: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(VOCABULARY) for _ in range(words))


def _texts(seed: int) -> dict[str, str]:
    return {
        "summary": _text(seed, 40),
        "community_story": _text(seed + 1, 150),
        "plan": _text(seed + 2, 200),
        "impact": _text(seed + 3, 120),
        "measurement": _text(seed + 4, 60),
    }


def _near_copy(texts: dict[str, str], *, change_every: int = 12) -> dict[str, str]:
    """The same texts with one word in `change_every` replaced (a copier changing names here and there)."""
    copied = {}
    for field, text in texts.items():
        words = text.split()
        for i in range(0, len(words), change_every):
            words[i] = "changed"
        copied[field] = " ".join(words)
    return copied


def _sent(seed_or_texts, **kwargs):
    texts = _texts(seed_or_texts) if isinstance(seed_or_texts, int) else seed_or_texts
    return ApplicationFactory(status=Status.SUBMITTED, **texts, **kwargs)


# --- Text ----------------------------------------------------------------------------------------


def test_shingle_jaccard_tells_a_near_copy_from_an_unrelated_text():
    original = _texts(1)
    copy = _near_copy(original)
    joined = " ".join
    assert jaccard(shingles(joined(original.values())), shingles(joined(copy.values()))) >= THRESHOLD
    assert jaccard(shingles(joined(original.values())), shingles(joined(_texts(100).values()))) < 0.05


def test_planted_near_copy_in_another_round_is_flagged_and_unrelated_are_not():
    original = _sent(1, round=RoundFactory(title="2017"))
    copy = _sent(_near_copy(_texts(1)), round=RoundFactory(title="2018"))
    unrelated = [_sent(seed) for seed in (100, 200, 300)]
    for application in (original, *unrelated):
        flags_for_application(application.pk)
    assert not Flag.objects.exists()

    assert flags_for_application(copy.pk) == 1
    flag = Flag.objects.get()
    assert flag.kind == FlagKind.SIMILAR_TEXT and flag.status == FlagStatus.OPEN
    assert {flag.application_id, flag.other_application_id} == {original.pk, copy.pk}
    assert THRESHOLD <= flag.score < 1
    assert "%" in flag.why and "different communities" in flag.why
    assert set(flag.communities.values_list("pk", flat=True)) == {original.community_id, copy.community_id}


def test_a_community_reusing_its_own_application_is_not_flagged():
    community = CommunityFactory()
    first = _sent(5, community=community, round=RoundFactory())
    again = _sent(5, community=community, round=RoundFactory())
    flags_for_application(first.pk)
    assert flags_for_application(again.pk) == 0


def test_drafts_are_not_compared():
    draft = ApplicationFactory(**_texts(7))
    sent = _sent(_near_copy(_texts(7)))
    assert flags_for_application(draft.pk) == 0
    assert flags_for_application(sent.pk) == 0
    assert not TextBand.objects.filter(application=draft).exists()


def test_finding_the_same_copy_again_adds_nothing_and_keeps_the_decision(staff):
    make_program_staff(staff)
    original, copy = _sent(9), _sent(_near_copy(_texts(9)))
    flags_for_application(original.pk)
    flags_for_application(copy.pk)
    flag_dismiss(flag=Flag.objects.get(), by=staff, note="Two chapters of one federation.")
    assert flags_for_application(copy.pk) == 0
    assert flags_scan() == 0
    assert Flag.objects.get().status == FlagStatus.DISMISSED


# --- Links and bursts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://www.facebook.com/groups/MothersOfLyon/", "http://facebook.com/groups/mothersoflyon"),
        ("HTTPS://Example.org/g/1#about", "example.org/g/1"),
    ],
)
def test_links_are_normalised(a, b):
    assert url_key(a) == url_key(b)


def test_different_links_stay_different():
    assert url_key("https://facebook.com/groups/a") != url_key("https://facebook.com/groups/ab")


def test_a_reused_community_link_under_another_name_is_flagged():
    first = CommunityFactory(name="Mothers of Lyon", url="https://www.facebook.com/groups/mol/")
    second = CommunityFactory(name="Lyon Parents Network", url="http://facebook.com/groups/MOL")
    CommunityFactory(name="Same name twice", url="https://example.org/same")
    CommunityFactory(name="same  NAME twice", url="https://example.org/same/")
    CommunityFactory(name="Elsewhere", url="https://facebook.com/groups/other")
    first_app = _sent(11, community=first)
    second_app = _sent(12, community=second)

    assert flags_for_application(second_app.pk) == 1
    flag = Flag.objects.get()
    assert flag.kind == FlagKind.SHARED_URL
    assert {flag.application_id, flag.other_application_id} == {first_app.pk, second_app.pk}
    assert "Mothers of Lyon" in flag.why and "Lyon Parents Network" in flag.why
    assert "facebook.com/groups/mol" in flag.why
    assert flags_scan() == 0  # the nightly pass finds the same pair, and the same name is no flag


def _created_by(user, name: str, at):
    community = CommunityFactory(name=name, admins=[user])
    type(community).objects.filter(pk=community.pk).update(created_at=at)
    return community


def test_three_communities_by_one_account_within_an_hour_are_flagged(settings):
    settings.FLAGS_BURST_MINUTES, settings.FLAGS_BURST_COUNT = 60, 3
    now = timezone.now()
    busy, calm = UserFactory(), UserFactory()
    made = [_created_by(busy, f"Group {i}", now - timedelta(minutes=50 - 20 * i)) for i in range(3)]
    for i in range(3):  # three as well, but days apart
        _created_by(calm, f"Calm {i}", now - timedelta(days=3 * i))
    application = _sent(21, community=made[-1])

    assert flags_for_application(application.pk) == 1
    flag = Flag.objects.get()
    assert flag.kind == FlagKind.ACCOUNT_BURST and flag.account_id == busy.pk
    assert set(flag.communities.values_list("pk", flat=True)) == {c.pk for c in made}
    assert "3 communities within 60 minutes" in flag.why
    assert flags_scan() == 0


def test_burst_rule_is_configurable(settings):
    settings.FLAGS_BURST_MINUTES, settings.FLAGS_BURST_COUNT = 10, 3
    now = timezone.now()
    busy = UserFactory()
    for i in range(3):
        _created_by(busy, f"Group {i}", now - timedelta(minutes=30 - 10 * i))  # 20 minutes end to end
    assert flags_scan() == 0
    settings.FLAGS_BURST_MINUTES = 20
    assert flags_scan() == 1


# --- The task after submission and the nightly pass ---------------------------------------------


def test_beat_flags_a_copy_once_it_is_submitted(applicant, django_capture_on_commit_callbacks):
    from django.conf import settings

    from applications.tasks import flag_new_submissions

    entry = settings.CELERY_BEAT_SCHEDULE["applications-flags-new-submissions"]
    assert entry["task"] == "applications.tasks.flag_new_submissions" and entry["schedule"] <= 60
    original = _sent(31)
    flags_for_application(original.pk)
    copy = ApplicationFactory(community=CommunityFactory(admins=[applicant]), **_near_copy(_texts(31)))
    assert flag_new_submissions() == 0  # a draft is not looked at
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=copy, by=applicant)
    assert not Flag.objects.exists()  # the submit request itself publishes nothing
    assert flag_new_submissions() == 1
    assert flag_new_submissions() == 0  # fingerprinted now: not looked at again
    flag = Flag.objects.get()
    assert {flag.application_id, flag.other_application_id} == {original.pk, copy.pk}


def test_nightly_pass_fingerprints_what_is_missing_and_flags_a_round():
    round_ = RoundFactory()
    original = _sent(41, round=RoundFactory())
    copy = _sent(_near_copy(_texts(41)), round=round_)
    _sent(42, round=round_)
    assert not TextBand.objects.exists()
    assert flags_scan(round_id=round_.pk) == 1
    flag = Flag.objects.get()
    assert {flag.application_id, flag.other_application_id} == {original.pk, copy.pk}
    assert TextBand.objects.values("application").distinct().count() == 3


def test_nightly_task_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["applications-flags-nightly"]
    assert entry["task"] == "applications.tasks.flag_everything"
    from applications.tasks import flag_everything

    _sent(51)
    _sent(_near_copy(_texts(51)))
    assert flag_everything() == 1


# --- Decisions ----------------------------------------------------------------------------------


@pytest.fixture
def flag():
    flags_for_application(_sent(61).pk)
    flags_for_application(_sent(_near_copy(_texts(61))).pk)
    return Flag.objects.get()


def test_staff_dismiss_and_confirm_with_a_note_leave_a_trail(staff, flag):
    make_program_staff(staff)
    flag_dismiss(flag=flag, by=staff, note="Same NGO, two chapters.")
    flag.refresh_from_db()
    assert flag.status == FlagStatus.DISMISSED and flag.decided_by == staff and flag.note
    flag_reopen(flag=flag, by=staff, note="The chapters are not related after all.")
    flag_confirm(flag=flag, by=staff, note="Copied word for word from the other group.")
    flag.refresh_from_db()
    assert flag.status == FlagStatus.CONFIRMED
    trail = list(FlagEvent.objects.filter(flag=flag).values_list("old_status", "new_status", "by", "note"))
    assert trail == [
        ("open", "dismissed", staff.pk, "Same NGO, two chapters."),
        ("dismissed", "open", staff.pk, "The chapters are not related after all."),
        ("open", "confirmed", staff.pk, "Copied word for word from the other group."),
    ]


def test_a_decision_needs_a_note(staff, flag):
    make_program_staff(staff)
    with pytest.raises(FlagRefused) as refusal:
        flag_dismiss(flag=flag, by=staff, note="   ")
    assert "note" in refusal.value.message_dict
    assert Flag.objects.get().status == FlagStatus.OPEN


def test_a_flag_decided_already_cannot_be_decided_again(staff, flag):
    make_program_staff(staff)
    flag_confirm(flag=flag, by=staff, note="Copy.")
    with pytest.raises(FlagRefused):
        flag_dismiss(flag=Flag.objects.get(), by=staff, note="Not a copy.")


def test_only_program_staff_judge_flags(reviewer, staff_without_role, applicant, flag):
    make_reviewer(reviewer)
    for user in (reviewer, staff_without_role, applicant):
        with pytest.raises(ValidationError):
            flag_dismiss(flag=flag, by=user, note="Looks fine to me.")
    assert not FlagEvent.objects.exists()


# --- Pages --------------------------------------------------------------------------------------


def test_staff_list_and_detail_link_both_applications(client, staff, flag):
    make_program_staff(staff)
    client.force_login(staff)
    listing = client.get("/staff/reviews/flags/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert f"/staff/reviews/flags/{flag.pk}/" in page
    detail = client.get(f"/staff/reviews/flags/{flag.pk}/").content.decode()
    for pk in (flag.application_id, flag.other_application_id):
        assert f"/admin/applications/application/{pk}/change/" in detail
    assert "Dismiss: nothing wrong" in detail and "Confirm: a copy or a fraud" in detail
    assert "/staff/reviews/flags/" in client.get("/staff/reviews/").content.decode()


def test_staff_decide_through_the_page(client, staff, flag):
    make_program_staff(staff)
    client.force_login(staff)
    url = f"/staff/reviews/flags/{flag.pk}/decision/"
    response = client.post(url, {"decision": "confirmed", "note": "Copied from #1."})
    assert response.status_code == 302
    assert Flag.objects.get().status == FlagStatus.CONFIRMED
    detail = client.get(f"/staff/reviews/flags/{flag.pk}/").content.decode()
    assert "Copied from #1." in detail and "Reopen" in detail


def test_a_decision_without_a_note_is_refused_on_the_form(client, staff, flag):
    make_program_staff(staff)
    client.force_login(staff)
    response = client.post(f"/staff/reviews/flags/{flag.pk}/decision/", {"decision": "dismissed", "note": ""})
    assert response.status_code == 200
    assert "Say why in a note" in response.content.decode()
    assert Flag.objects.get().status == FlagStatus.OPEN


def test_a_stale_decision_is_refused_on_the_form_keeping_the_note(client, staff, flag):
    make_program_staff(staff)
    flag_confirm(flag=flag, by=staff, note="Copy.")
    client.force_login(staff)
    response = client.post(
        f"/staff/reviews/flags/{flag.pk}/decision/", {"decision": "dismissed", "note": "My typed reason"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "already" in page and "My typed reason" in page


def test_decision_get_is_405_and_anonymous_goes_to_login(client, staff, flag):
    make_program_staff(staff)
    url = f"/staff/reviews/flags/{flag.pk}/decision/"
    response = client.post(url, {"decision": "dismissed", "note": "x"})
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(staff)
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("path", ["", "{pk}/", "{pk}/decision/"])
def test_non_staff_get_404(client, reviewer, stranger, staff_without_role, flag, path):
    make_reviewer(reviewer)
    url = "/staff/reviews/flags/" + path.format(pk=flag.pk)
    for user in (reviewer, stranger, staff_without_role):
        client.force_login(user)
        response = (
            client.post(url, {"decision": "dismissed", "note": "x"})
            if "decision" in path
            else client.get(url)
        )
        assert response.status_code == 404
    assert Flag.objects.get().status == FlagStatus.OPEN


def test_missing_flag_is_404(client, staff):
    make_program_staff(staff)
    client.force_login(staff)
    assert client.get("/staff/reviews/flags/999999/").status_code == 404


def test_open_flags_show_on_the_admin_application_page_for_screening(client, staff, flag):
    make_program_staff(staff)
    client.force_login(staff)
    page = client.get(f"/admin/applications/application/{flag.other_application_id}/change/").content.decode()
    assert "open flag for screening" in page
    assert f"/staff/reviews/flags/{flag.pk}/" in page
    flag_dismiss(flag=flag, by=staff, note="Fine.")
    page = client.get(f"/admin/applications/application/{flag.other_application_id}/change/").content.decode()
    assert "open flag for screening" not in page


def _list_queries(client, n_pairs: int, base: int) -> int:
    Flag.objects.all().delete()
    for i in range(n_pairs):
        flags_for_application(_sent(base + 10 * i).pk)
        flags_for_application(_sent(_near_copy(_texts(base + 10 * i))).pk)
    assert Flag.objects.count() == n_pairs
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/staff/reviews/flags/").status_code == 200
    return len(queries)


def test_flag_list_queries_do_not_grow(client, staff):
    make_program_staff(staff)
    client.force_login(staff)
    assert _list_queries(client, 2, 1000) == _list_queries(client, 6, 5000)


def test_flag_detail_queries_do_not_grow(client, staff, settings):
    settings.FLAGS_BURST_COUNT = 3
    make_program_staff(staff)
    client.force_login(staff)
    counts = []
    for n in (3, 8):
        Flag.objects.all().delete()
        busy = UserFactory()
        now = timezone.now()
        for i in range(n):
            _sent(2000 + 10 * i + n, community=_created_by(busy, f"G{n}-{i}", now - timedelta(seconds=i)))
        flags_scan()
        flag = Flag.objects.get(kind=FlagKind.ACCOUNT_BURST, account=busy)
        assert flag.communities.count() == n
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/staff/reviews/flags/{flag.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
