"""Erasure: asked with a password, confirmed by staff; personal data gone, audit records kept without names."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse

from applications.models import Application, Attachment, Status
from applications.services import attachment_add
from grants.exports.registry import REPORTS
from grants.models import Award, ExportKind, Tranche
from grants.services import award_accept, award_make, tranche_mark_paid
from leadership.models import Community, CommunityAdmin, ErasureRequest, ErasureState, Rsvp
from leadership.privacy.erasure import REPLACEMENT, erasure_confirm, erasure_request
from leadership.services import LeadershipRefused, gathering_rsvp
from notifications.models import Notification
from notifications.services import notification_send
from programs.models import Round
from tests.applications.sample_files import PDF_BYTES, upload
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    CommunityFactory,
    GatheringFactory,
    make_program_staff,
)

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Amina Applicant", "applicant@example.org"


def rows_naming(*needles: str) -> list[str]:
    """Every row, in every model, whose text or JSON columns contain one of the needles."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField) and f.name != "password"
        ]
        if not columns:
            continue
        query = model._base_manager.annotate(
            **{f"_t_{f.attname}": Cast(f.attname, TextField()) for f in columns}
        ).filter(
            Q.create([(f"_t_{f.attname}__icontains", n) for f in columns for n in needles], connector=Q.OR)
        )
        found += [f"{model._meta.label} #{pk}" for pk in query.values_list("pk", flat=True)]
    return found


@pytest.fixture
def program_staff():
    return make_program_staff(email="stella@example.org", full_name="Stella Staff")


@pytest.fixture
def estate(applicant, co_admin, community, program_staff):
    """What Amina leaves behind: a shared community, one of her own with an award and a draft."""
    shared = ApplicationFactory(community=community, leaders=f"{NAME} (founder), Chloé (moderator)")
    attachment_add(application=shared, by=co_admin, upload=upload("shared.pdf", PDF_BYTES))
    own = CommunityFactory(admins=[applicant], name="Solo Circle")
    draft = ApplicationFactory(community=own, status=Status.DRAFT)
    draft_file = attachment_add(application=draft, by=applicant, upload=upload("draft.pdf", PDF_BYTES))
    funded = ApplicationFactory(
        community=own,
        status=Status.SHORTLISTED,
        leaders=f"{NAME}, founder",
        leadership_experience="Ten years.",
    )
    award = award_make(application=funded, by=program_staff, amount=None)
    award = award_accept(award=award, by=applicant, agree=True)
    tranche = award.tranches.order_by("number").first()
    tranche_mark_paid(
        tranche=tranche, by=program_staff, paid_on=date.today(), reference=f"Transfer for {NAME}"
    )
    gathering_rsvp(gathering=GatheringFactory(), by=applicant)
    LogEntry.objects.log_actions(
        user_id=program_staff.pk,
        queryset=get_user_model().objects.filter(pk=applicant.pk),
        action_flag=CHANGE,
        change_message="Checked.",
    )
    notification_send(event="signup_existing_account", to=[applicant], context={})
    return {"shared": shared, "own": own, "draft": draft, "draft_file": draft_file.file.name, "award": award}


def _erase(applicant, program_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = erasure_request(by=applicant, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        return erasure_confirm(request=request, by=program_staff)


def test_after_erasure_name_and_email_are_in_no_table(
    applicant, program_staff, estate, django_capture_on_commit_callbacks
):
    assert rows_naming(NAME, EMAIL)  # the check finds them before
    amounts = {a.pk: a.amount for a in Award.objects.all()}
    paid = list(Tranche.objects.order_by("pk").values_list("amount", "paid_on"))
    done = _erase(applicant, program_staff, django_capture_on_commit_callbacks)
    assert done.state == ErasureState.DONE and done.decided_by == program_staff
    assert rows_naming(NAME, EMAIL) == []
    # The award and its payments stay for audit, with their money.
    assert {a.pk: a.amount for a in Award.objects.all()} == amounts
    assert list(Tranche.objects.order_by("pk").values_list("amount", "paid_on")) == paid
    funded = Application.objects.get(awards__isnull=False)
    assert funded.leaders == "" and funded.leadership_experience == ""
    assert funded.amount_requested == Decimal("50000.00")
    assert Community.objects.get(pk=estate["own"].pk).name == REPLACEMENT
    assert done.summary["applications"]["applications_kept_for_audit"] == 1


def test_what_nothing_requires_is_deleted(
    applicant, program_staff, estate, django_capture_on_commit_callbacks
):
    _erase(applicant, program_staff, django_capture_on_commit_callbacks)
    assert not Application.objects.filter(pk=estate["draft"].pk).exists()
    assert not default_storage.exists(estate["draft_file"])
    assert not Rsvp.objects.filter(user=applicant).exists()
    assert not Notification.objects.filter(recipient=applicant).exclude(event="erasure_done").exists()
    applicant.refresh_from_db()
    assert not applicant.is_active and not applicant.has_usable_password()


def test_what_co_admins_own_is_kept(
    applicant, co_admin, community, program_staff, estate, django_capture_on_commit_callbacks
):
    _erase(applicant, program_staff, django_capture_on_commit_callbacks)
    assert list(CommunityAdmin.objects.filter(community=community).values_list("user", flat=True)) == [
        co_admin.pk
    ]
    shared = Application.objects.get(pk=estate["shared"].pk)
    assert shared.leaders == f"{REPLACEMENT} (founder), Chloé (moderator)"
    assert Attachment.objects.filter(application=shared).count() == 1
    assert Community.objects.get(pk=community.pk).name == "Mothers of Lyon"


def test_the_person_is_told_at_their_address_which_is_then_forgotten(
    applicant, program_staff, estate, django_capture_on_commit_callbacks
):
    _erase(applicant, program_staff, django_capture_on_commit_callbacks)
    [farewell] = [m for m in mail.outbox if "has been erased" in m.subject]
    assert farewell.to == [EMAIL]
    row = Notification.objects.get(event="erasure_done")
    assert row.state == "sent" and row.to_email == "" and row.body_text == ""


def test_staff_exports_no_longer_name_them(
    applicant, program_staff, estate, django_capture_on_commit_callbacks
):
    def exported() -> str:
        """Every staff export: the award report with its sheets, the applications of each round."""
        awards = REPORTS[ExportKind.AWARDS]()
        sheets = [sheet.rows for sheet in awards.sheets({})]
        sheets += [
            REPORTS[ExportKind.APPLICATIONS]().rows({"round": pk})
            for pk in Round.objects.values_list("pk", flat=True)
        ]
        return "\n".join(str(cell) for rows in sheets for row in rows for cell in row)

    assert EMAIL in exported()
    _erase(applicant, program_staff, django_capture_on_commit_callbacks)
    text = exported()
    assert EMAIL not in text and NAME not in text
    assert "50000" in text  # the award's amount is still reported


def test_a_community_nobody_else_runs_and_nothing_references_is_deleted(
    applicant, program_staff, django_capture_on_commit_callbacks
):
    lonely = CommunityFactory(admins=[applicant], name="Quiet Corner")
    _erase(applicant, program_staff, django_capture_on_commit_callbacks)
    assert not Community.objects.filter(pk=lonely.pk).exists()


def test_asking_needs_the_password_and_tells_staff(client, applicant, program_staff):
    client.force_login(applicant)
    assert client.get(reverse("privacy_erasure")).status_code == 200
    wrong = client.post(reverse("privacy_erasure"), {"understood": "on", "password": "nope"})
    assert "This is not your password" in wrong.content.decode()
    assert not ErasureRequest.objects.exists()
    unticked = client.post(reverse("privacy_erasure"), {"password": PASSWORD})
    assert "Tick this box" in unticked.content.decode()
    response = client.post(reverse("privacy_erasure"), {"understood": "on", "password": PASSWORD})
    assert response["Location"] == reverse("privacy_data")
    assert ErasureRequest.objects.get().state == ErasureState.PENDING
    assert Notification.objects.filter(event="erasure_requested", recipient=program_staff).exists()
    again = client.post(reverse("privacy_erasure"), {"understood": "on", "password": PASSWORD})
    assert again.status_code == 200  # the pending request is shown, nothing doubled
    assert ErasureRequest.objects.count() == 1


def test_the_person_may_cancel_before_staff_confirm(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("privacy_erasure_cancel")).status_code == 405
    erasure_request(by=applicant, password=PASSWORD)
    client.post(reverse("privacy_erasure_cancel"))
    assert ErasureRequest.objects.get().state == ErasureState.CANCELLED


def test_anonymous_visitors_are_sent_to_log_in(client):
    for name in ("privacy_data", "privacy_erasure"):
        assert client.get(reverse(name))["Location"].startswith(reverse("login"))


def test_only_program_staff_confirm(applicant, co_admin):
    request = erasure_request(by=applicant, password=PASSWORD)
    with pytest.raises(LeadershipRefused):
        erasure_confirm(request=request, by=co_admin)


def test_staff_confirm_from_the_admin(client, applicant, program_staff, django_capture_on_commit_callbacks):
    request = erasure_request(by=applicant, password=PASSWORD)
    client.force_login(program_staff)
    listing = client.get(reverse("admin:leadership_erasurerequest_changelist"))
    assert "Confirm and erase the selected accounts" in listing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:leadership_erasurerequest_changelist"),
            {"action": "confirm", "_selected_action": [request.pk]},
        )
    request.refresh_from_db()
    assert request.state == ErasureState.DONE
    assert rows_naming(NAME, EMAIL) == []


def test_staff_accounts_are_not_erased_from_the_public_page(program_staff):
    with pytest.raises(LeadershipRefused):
        erasure_request(by=program_staff, password=PASSWORD)


def test_a_ranked_application_erased_leaves_no_cached_ranking_behind(
    applicant, program_staff, estate, django_capture_on_commit_callbacks
):
    from applications.ranking import ranked_scores

    in_review = ApplicationFactory(community=estate["own"], status=Status.IN_REVIEW)
    round_ = in_review.round
    assert in_review.pk in {row[0] for row in ranked_scores(round_)}  # now cached
    _erase(applicant, program_staff, django_capture_on_commit_callbacks)
    assert not Application.objects.filter(pk=in_review.pk).exists()
    assert in_review.pk not in {row[0] for row in ranked_scores(round_)}
