"""Every URL that takes an object id, for every persona, GET and POST, against a policy table.

A route added without an entry in POLICY fails `test_every_object_route_has_a_policy`, so nobody
ships a page whose access nobody decided. Expectations:
- "ok": the persona reaches the view (any answer but 403, 404, 500 or a log-in redirect);
- "404": the same 404 as a missing object;
- "login": redirected to log in (anonymous);
- "admin-login": redirected to the admin's log-in page.

"bare_staff" has is_staff and no role: Django lets them open the admin login page and nothing
else, so everywhere they are answered as the stranger is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from applications.services import attachment_add
from grants.models import ExportLog
from grants.services import award_accept, budget_proposal_submit
from leadership.models import DataExport
from leadership.privacy.export import export_link
from leadership.services import admin_invite, cohort_join, material_add
from tests.factories import (
    ApplicationFactory,
    CommunityFactory,
    GatheringFactory,
    RoundFactory,
    TrainingSessionFactory,
    make_program_staff,
)
from tests.grants.support import make_award, shortlisted

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PERSONAS = ("anonymous", "admin", "stranger", "bare_staff", "staff")

OWNER = {"anonymous": "login", "admin": "ok", "stranger": "404", "bare_staff": "404", "staff": "404"}
OWNER_OR_STAFF = {"anonymous": "login", "admin": "ok", "stranger": "404", "bare_staff": "404", "staff": "ok"}
STAFF = {"anonymous": "login", "admin": "404", "stranger": "404", "bare_staff": "404", "staff": "ok"}
SIGNED_IN = {"anonymous": "login", "admin": "ok", "stranger": "ok", "bare_staff": "ok", "staff": "ok"}
PUBLIC = {"anonymous": "ok", "admin": "ok", "stranger": "ok", "bare_staff": "ok", "staff": "ok"}


@dataclass(frozen=True)
class Rule:
    kwargs: Callable[[Any], dict[str, Any]]
    get: dict[str, str]
    post: dict[str, str] | None = None  # None: the same as GET
    post_only: bool = False  # a state change: GET answers 405 (or the refusal it would get)

    def expected(self, method: str, persona: str) -> set[str]:
        if method == "post":
            return {(self.post or self.get)[persona]}
        if self.post_only:
            return {"405", self.get[persona]}
        return {self.get[persona]}


def change(kwargs: Callable[[Any], dict[str, Any]], policy: dict[str, str]) -> Rule:
    """A POST-only state change."""
    return Rule(kwargs, policy, post_only=True)


def pk(attr: str) -> Callable[[Any], dict[str, Any]]:
    return lambda w: {"pk": getattr(w, attr).pk}


POLICY: dict[str, Rule] = {
    # Public and sign-in flows keyed by something other than a database id.
    "program_detail": Rule(lambda w: {"slug": w.application.round.program.slug}, PUBLIC),
    "password_reset_confirm": Rule(lambda w: {"uidb64": "MQ", "token": "set-password"}, PUBLIC),
    "signup_confirm": Rule(lambda w: {"token": "not-a-signed-sign-up"}, PUBLIC),
    "invitation_accept": Rule(
        lambda w: {"token": w.invitation.token},
        PUBLIC,
        post={"anonymous": "login", "admin": "ok", "stranger": "ok", "bare_staff": "ok", "staff": "ok"},
    ),
    # Communities: their admins; staff may read.
    "community_detail": Rule(pk("community"), OWNER_OR_STAFF, post=OWNER_OR_STAFF),
    "community_edit": Rule(pk("community"), OWNER),
    "community_invite": change(pk("community"), OWNER),
    # Applications: the community's admins write; staff may read and download.
    "application_detail": Rule(pk("application"), OWNER_OR_STAFF),
    "application_edit": Rule(pk("application"), OWNER),
    "application_autosave": change(pk("application"), OWNER),
    "application_submit": change(pk("application"), OWNER),
    "application_withdraw": Rule(pk("application"), OWNER),
    "attachment_upload": change(pk("application"), OWNER),
    "attachment_download": Rule(
        lambda w: {"pk": w.application.pk, "attachment_pk": w.attachment.pk}, OWNER_OR_STAFF
    ),
    "attachment_delete": change(lambda w: {"pk": w.application.pk, "attachment_pk": w.attachment.pk}, OWNER),
    # Review workflow: staff only.
    "round_ranking": Rule(lambda w: {"round_id": w.application.round_id}, STAFF),
    "round_release_decisions": change(lambda w: {"round_id": w.application.round_id}, STAFF),
    "staff_application_reviews": Rule(lambda w: {"application_id": w.application.pk}, STAFF),
    "slate_build": Rule(lambda w: {"round_id": w.application.round_id}, STAFF),
    "slate_save": change(lambda w: {"round_id": w.application.round_id}, STAFF),
    "slate_detail": Rule(lambda w: {"pk": saved_slate(w).pk}, STAFF),
    "slate_apply": change(lambda w: {"pk": saved_slate(w).pk}, STAFF),
    "round_calibration": Rule(lambda w: {"round_id": w.application.round_id}, STAFF),
    "round_calibration_csv": Rule(lambda w: {"round_id": w.application.round_id}, STAFF),
    "staff_flag_detail": Rule(lambda w: {"flag_id": raised_flag(w).pk}, STAFF),
    "staff_flag_decision": change(lambda w: {"flag_id": raised_flag(w).pk}, STAFF),
    "staff_deadline_extend": Rule(lambda w: {"application_id": w.application.pk}, STAFF),
    "round_batch_decide": change(lambda w: {"round_id": w.application.round_id}, STAFF),
    "staff_application_screen": change(lambda w: {"application_id": w.application.pk}, STAFF),
    "staff_application_decide": change(lambda w: {"application_id": w.application.pk}, STAFF),
    # Training: the cohort's members (the applicant is one) and staff.
    "session_detail": Rule(pk("session"), OWNER_OR_STAFF),
    "session_enrol": change(pk("session"), OWNER_OR_STAFF),
    "session_cancel": change(pk("session"), OWNER_OR_STAFF),
    "session_calendar": Rule(pk("session"), OWNER_OR_STAFF),
    "session_material": Rule(lambda w: {"pk": w.session.pk, "material_pk": w.material.pk}, OWNER_OR_STAFF),
    # Gatherings: group admins (the stranger runs no community) and staff; the host runs it.
    "gathering_detail": Rule(pk("gathering"), OWNER_OR_STAFF),
    "gathering_rsvp": change(pk("gathering"), OWNER_OR_STAFF),
    "gathering_rsvp_cancel": change(pk("gathering"), OWNER_OR_STAFF),
    "gathering_calendar": Rule(pk("gathering"), OWNER_OR_STAFF),
    "gathering_cancel": change(pk("gathering"), OWNER),
    "gathering_message": Rule(pk("gathering"), OWNER),
    "gathering_report": Rule(pk("past_gathering"), OWNER),
    # Staff pages of the leadership program.
    "staff_cohort_detail": Rule(pk("cohort"), STAFF),
    "staff_cohort_attendance_csv": Rule(pk("cohort"), STAFF),
    "staff_session_detail": Rule(pk("session"), STAFF),
    "staff_session_attendance_csv": Rule(pk("session"), STAFF),
    "staff_attendance_mark": change(pk("session"), STAFF),
    "staff_material_add": change(pk("session"), STAFF),
    "staff_gathering_approve": change(pk("proposed_gathering"), STAFF),
    "staff_gathering_decline": change(pk("proposed_gathering"), STAFF),
    # Awards: the grantee community's admins on the grantee pages (staff use the staff pages).
    "award_detail": Rule(pk("award"), OWNER),
    "award_accept": change(pk("award"), OWNER),
    "award_decline": change(pk("award"), OWNER),
    "report_file": Rule(lambda w: {"award_pk": w.award.pk, "pk": w.award.reports.first().pk}, OWNER),
    "budget_proposal": Rule(pk("residency_award"), OWNER),
    # Staff award pages and exports (an export only for the staff member who asked for it).
    "staff_award_make": Rule(lambda w: {"application_pk": w.shortlisted.pk}, STAFF),
    "staff_award_detail": Rule(pk("award"), STAFF),
    "staff_tranches_edit": Rule(pk("award"), STAFF),
    "staff_award_cancel": change(pk("award"), STAFF),
    "staff_award_amend": change(pk("residency_award"), STAFF),
    "staff_award_complete": change(pk("award"), STAFF),
    "staff_tranche_paid": change(
        lambda w: {"pk": w.award.pk, "tranche_pk": w.award.tranches.first().pk}, STAFF
    ),
    "staff_report_accept": change(
        lambda w: {"pk": w.award.pk, "report_pk": w.award.reports.first().pk}, STAFF
    ),
    "staff_report_changes": change(
        lambda w: {"pk": w.award.pk, "report_pk": w.award.reports.first().pk}, STAFF
    ),
    "staff_proposal_approve": change(pk("residency_award"), STAFF),
    "staff_proposal_changes": change(pk("residency_award"), STAFF),
    "staff_export_progress": Rule(pk("export"), STAFF),
    "staff_export_status": Rule(pk("export"), STAFF),
    "staff_export_download": Rule(pk("export"), STAFF),
    # A person's copy of their data: theirs alone, staff included.
    "privacy_export_status": Rule(pk("data_export"), OWNER),
    "privacy_export_download": Rule(lambda w: {"token": export_link(w.data_export).split("/")[-2]}, OWNER),
}


def raised_flag(w: Any) -> Any:
    """An open duplicate flag on the world's application: the flag pages need one."""
    from applications.models import Flag, FlagKind

    other = type(w.application).objects.exclude(pk=w.application.pk).first() or w.application
    return Flag.objects.create(
        kind=FlagKind.SIMILAR_TEXT,
        key=f"matrix-{Flag.objects.count()}",
        application=w.application,
        other_application=other,
        score=0.9,
    )


def saved_slate(w: Any) -> Any:
    """A saved (empty) slate of the world's round: the slate pages need one."""
    from applications.models import Slate

    return Slate.objects.create(
        round=w.application.round, name="Matrix", total_score=0, created_by=w.export.requested_by
    )


def object_routes() -> dict[str, str]:
    """name → route for every project URL pattern with a parameter (the admin aside)."""
    found: dict[str, str] = {}

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and "<" in str(pattern.pattern):
                found[pattern.name] = prefix + str(pattern.pattern)

    walk(get_resolver().url_patterns)
    return found


def test_every_object_route_has_a_policy():
    missing = sorted(set(object_routes()) - set(POLICY))
    assert not missing, f"Routes without an access policy in tests/test_access_matrix.py: {missing}"


def test_policy_names_only_existing_routes():
    assert not sorted(set(POLICY) - set(object_routes()))


@dataclass
class World:
    community: Any
    application: Any
    attachment: Any
    invitation: Any
    session: Any
    material: Any
    gathering: Any
    proposed_gathering: Any
    past_gathering: Any
    cohort: Any
    award: Any
    residency_award: Any
    shortlisted: Any
    export: Any
    data_export: Any


@pytest.fixture
def world(applicant, stranger, staff):
    make_program_staff(staff)
    community = CommunityFactory(admins=[applicant])
    application = ApplicationFactory(community=community, round=RoundFactory(), created_by=applicant)
    attachment = attachment_add(
        application=application, by=applicant, upload=SimpleUploadedFile("plan.pdf", PDF, "application/pdf")
    )
    invitation = admin_invite(community=community, by=applicant, email="newcomer@example.org")
    # The applicant is a fellow: in a cohort, enrolled in its session, host of a gathering.
    cohort = cohort_join(key="fellowship:matrix", name="Fellows", user=applicant, by=staff).cohort
    session = TrainingSessionFactory(cohorts=[cohort])
    material = material_add(
        session=session, by=staff, upload=SimpleUploadedFile("slides.pdf", PDF, "application/pdf")
    )
    gathering = GatheringFactory(host=applicant)
    proposed = GatheringFactory(host=applicant, status="proposed")
    past = GatheringFactory(host=applicant, starts_at=timezone.now() - timedelta(days=2))
    award = make_award(staff, community=community)
    residency_award = make_award(staff, "residency", community=community)
    award_accept(award=residency_award, by=applicant, agree=True)
    budget_proposal_submit(
        award=residency_award,
        by=applicant,
        narrative="Trainers and venues.",
        lines=[{"category": "events", "description": "Venues", "amount": Decimal("400000")}],
    )
    export = ExportLog.objects.create(
        requested_by=staff,
        kind="awards",
        format="xlsx",
        state="ready",
        row_count=1,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    data_export = DataExport.objects.create(
        user=applicant,
        state="ready",
        file=default_storage.save("privacy/exports/matrix.zip", ContentFile(b"PK")),
    )
    return World(
        data_export=data_export,
        award=award,
        residency_award=residency_award,
        shortlisted=shortlisted(community=community),
        export=export,
        community=community,
        application=application,
        attachment=attachment,
        invitation=invitation,
        session=session,
        material=material,
        gathering=gathering,
        proposed_gathering=proposed,
        past_gathering=past,
        cohort=cohort,
    )


def outcome(response) -> str:
    if response.status_code == 404:
        return "404"
    if response.status_code in (301, 302):
        location = response.headers.get("Location", "")
        if location.startswith(reverse("admin:login")):
            return "admin-login"
        if location.startswith(reverse("login")):
            return "login"
        return "ok"
    if response.status_code == 405:
        return "405"
    if response.status_code in (403, 500):
        return str(response.status_code)
    return "ok"


@pytest.mark.parametrize("name", sorted(POLICY))
def test_access_matches_policy(name, world, client, applicant, stranger, staff_without_role, staff):
    rule = POLICY[name]
    url = reverse(name, kwargs=rule.kwargs(world))
    users = {
        "anonymous": None,
        "admin": applicant,
        "stranger": stranger,
        "bare_staff": staff_without_role,
        "staff": staff,
    }
    seen = {}
    # Refusals first, then the personas allowed: a successful POST may change what follows.
    for method in ("get", "post"):
        order = sorted(PERSONAS, key=lambda p: "ok" in rule.expected(method, p))
        for persona in order:
            client.logout()
            if users[persona] is not None:
                client.force_login(users[persona])
            seen[(method, persona)] = (outcome(getattr(client, method)(url)), rule.expected(method, persona))
    # A read-only page may answer 405 to a POST from someone allowed to read it.
    wrong = {k: v for k, v in seen.items() if v[0] not in v[1] and not (v[0] == "405" and "ok" in v[1])}
    assert not wrong, f"{name} ({url}): (seen, expected) per (method, persona): {wrong}"


def staff_routes_without_parameters() -> list[str]:
    """Every staff page that takes no id (lists, dashboards, report forms)."""
    found: list[str] = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if "staff/" in route and "<" not in route:
                    found.append(pattern.name)

    walk(get_resolver().url_patterns)
    return sorted(found)


def test_there_are_staff_pages_without_parameters():
    assert {"staff_shortlist", "staff_cohort_list", "staff_review_rounds"} <= set(
        staff_routes_without_parameters()
    )


@pytest.mark.parametrize("name", staff_routes_without_parameters())
def test_staff_pages_answer_404_to_is_staff_alone(name, client, stranger, staff_without_role, staff):
    url = reverse(name)
    assert outcome(client.get(url)) == "login"
    for who in (stranger, staff_without_role):
        client.force_login(who)
        assert outcome(client.get(url)) == "404", (name, who.email)
        assert outcome(client.post(url)) in {"404", "405"}, (name, who.email)
    client.force_login(staff)
    assert outcome(client.get(url)) in {"ok", "405"}  # 405: a POST-only staff action
