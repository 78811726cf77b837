"""Submitting: complete, once, by an admin; then read-only for the applicant."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from applications.models import Application, Status, StatusChange
from notifications.models import Notification
from tests.factories import ApplicationFactory, RoundFactory, program


def test_admin_submits_a_complete_draft(client, applicant, draft, django_capture_on_commit_callbacks):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("application_submit", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("application_detail", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.submitted_at is not None


def test_double_submit_makes_one_submission_and_one_receipt_per_admin(
    client, applicant, co_admin, draft, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    url = reverse("application_submit", args=[draft.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
        second = client.post(url, follow=True)
    assert first.status_code == 302
    assert second.status_code == 200
    assert "already submitted" in second.content.decode()
    assert StatusChange.objects.filter(application=draft, new_status=Status.SUBMITTED).count() == 1
    receipts = Notification.objects.filter(event="application_submitted")
    assert sorted(receipts.values_list("to_email", flat=True)) == sorted([applicant.email, co_admin.email])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([applicant.email, co_admin.email])


def test_missing_fields_are_reported_per_field_and_typed_values_kept(
    client, applicant, community, open_round
):
    application = ApplicationFactory(
        community=community,
        round=open_round,
        title="",
        summary="",
        plan="",
        impact="",
        measurement="",
    )
    client.force_login(applicant)
    response = client.post(
        reverse("application_submit", args=[application.pk]),
        {
            "title": "Health workshops for mothers",
            "plan": "",
            "summary": "  ",
            "community_story": "We meet weekly.",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"summary", "plan", "impact", "measurement"}
    assert "title" not in form.errors
    assert form.errors["plan"] == ["This field is required to submit."]
    content = response.content.decode()
    assert "Health workshops for mothers" in content
    assert "We meet weekly." in content
    assert 'href="#id_plan"' in content  # the summary at the top links to the field
    assert (
        content.count("This field is required to submit.") >= 2 * 4
    )  # next to each field and in the summary
    assert "is-invalid" in content
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.title == "Health workshops for mothers"  # saved first, then checked
    assert application.community_story == "We meet weekly."


def test_a_post_without_fields_does_not_blank_the_draft(client, applicant, draft):
    client.force_login(applicant)
    client.post(reverse("application_submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.title.startswith("Initiative")
    assert draft.status == Status.SUBMITTED


def test_amount_above_the_programs_maximum_is_refused_next_to_the_field(client, applicant, community):
    residency_round = RoundFactory(program=program("residency"))
    application = ApplicationFactory(community=community, round=residency_round)
    client.force_login(applicant)
    response = client.post(
        reverse("application_submit", args=[application.pk]), {"amount_requested": "1000000.01"}
    )
    assert response.status_code == 200
    assert "amount_requested" in response.context["form"].errors
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_fixed_amount_cannot_be_changed(client, applicant, draft):
    client.force_login(applicant)
    client.post(reverse("application_edit", args=[draft.pk]), {"amount_requested": "1.00", "title": "New"})
    draft.refresh_from_db()
    assert draft.amount_requested == program("fellowship").max_amount
    assert draft.title == "New"


def test_save_draft_keeps_whatever_is_filled(client, applicant, draft):
    client.force_login(applicant)
    response = client.post(reverse("application_edit", args=[draft.pk]), {"title": "Half done", "plan": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.plan, draft.status) == ("Half done", "", Status.DRAFT)


def test_applicant_cannot_edit_after_submission(client, applicant, draft):
    client.force_login(applicant)
    client.post(reverse("application_submit", args=[draft.pk]))
    response = client.get(reverse("application_edit", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("application_detail", args=[draft.pk])
    response = client.post(reverse("application_edit", args=[draft.pk]), {"title": "Changed afterwards"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title != "Changed afterwards"


def test_submitted_application_is_shown_read_only_with_its_history(client, applicant, draft):
    applicant.time_zone = "Pacific/Auckland"
    applicant.save(update_fields=["time_zone"])
    client.force_login(applicant)
    client.post(reverse("application_submit", args=[draft.pk]))
    response = client.get(reverse("application_detail", args=[draft.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert draft.plan in content and draft.budget_summary in content
    assert "Submitted" in content and applicant.full_name in content
    assert "NZ" in content  # times in the viewer's zone (NZDT/NZST)
    assert reverse("application_edit", args=[draft.pk]) not in content


def test_database_refuses_a_second_live_application_for_the_same_round(community, open_round, applicant):
    ApplicationFactory(community=community, round=open_round)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(community=community, round=open_round, created_by=applicant)


def test_a_withdrawn_application_does_not_block_a_new_one(community, open_round, applicant):
    ApplicationFactory(community=community, round=open_round, status=Status.WITHDRAWN)
    Application.objects.create(community=community, round=open_round, created_by=applicant)
    assert Application.objects.filter(community=community, round=open_round).count() == 2
