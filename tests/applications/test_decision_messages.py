"""Decision message templates: placeholders checked, both languages, sent at release through the outbox."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from applications.models import DeclineReason, MessageTemplate, Status, placeholder_errors
from applications.services import application_decide, decisions_release
from notifications.models import Notification
from tests.factories import ApplicationFactory, RoundFactory, UserFactory, make_program_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(staff):
    return make_program_staff(staff)


def _template(**kwargs):
    values = {
        "name": "Declined, kindly",
        "outcome": Status.DECLINED,
        "subject": "{community}: your application to {round}",
        "body": "Dear {applicant_name}, we could not fund {community} ({amount}) this time.",
        "subject_fr": "{community} : votre candidature à {round}",
        "body_fr": "Bonjour {applicant_name}, nous ne pouvons pas financer {community} ({amount}) cette fois.",
    }
    values.update(kwargs)
    template = MessageTemplate(**values)
    template.full_clean()
    template.save()
    return template


def test_known_placeholders_are_accepted():
    assert placeholder_errors("Hello {applicant_name} of {community}, {round}, {amount}, {title} {{x}}") == []


@pytest.mark.parametrize(
    "text", ["Hi {name}", "Hi {community.name}", "{amount:>10}", "Hi {applicant_name!r}"]
)
def test_unknown_or_formatted_placeholders_are_errors(text):
    assert placeholder_errors(text)


def test_an_unclosed_brace_is_an_error():
    assert "brace" in placeholder_errors("Hi {community")[0]


def test_model_validation_names_the_field_and_the_placeholder():
    with pytest.raises(ValidationError) as caught:
        _template(body_fr="Bonjour {prenom}")
    assert "body_fr" in caught.value.message_dict
    assert "{prenom}" in caught.value.message_dict["body_fr"][0]


def test_admin_form_refuses_an_unknown_placeholder_and_keeps_the_text(client, manager):
    client.force_login(manager)
    response = client.post(
        "/admin/applications/messagetemplate/add/",
        {"name": "Bad", "outcome": "", "subject": "Hello {who}", "body": "Body text kept", "is_active": "on"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unknown placeholder {who}" in html
    assert "Body text kept" in html
    assert not MessageTemplate.objects.exists()


def test_the_text_follows_the_reader_language_and_falls_back_to_english():
    template = _template(subject_fr="")
    values = {"community": "Mothers of Lyon", "round": "R1", "applicant_name": "Amina", "amount": "$5"}
    with translation.override("fr"):
        assert template.subject_for(values) == "Mothers of Lyon: your application to R1"  # French left empty
        assert template.body_for(values).startswith("Bonjour Amina")
    with translation.override("en"):
        assert template.body_for(values).startswith("Dear Amina")


def test_reviewers_and_strangers_cannot_open_the_templates(client, reviewer, stranger):
    from tests.factories import make_reviewer

    make_reviewer(reviewer)
    for user in (reviewer, stranger):
        client.force_login(user)
        assert client.get("/admin/applications/messagetemplate/").status_code in (302, 403, 404)


def test_release_sends_the_chosen_message_in_each_admins_language(
    manager, django_capture_on_commit_callbacks
):
    english = UserFactory(full_name="Amina Applicant", language="en")
    french = UserFactory(full_name="Chloé Co-admin", language="fr")
    from tests.factories import CommunityFactory

    community = CommunityFactory(admins=[english, french], name="Mothers of Lyon")
    round_ = RoundFactory(reviewed=True)
    application = ApplicationFactory(
        round=round_, community=community, status=Status.IN_REVIEW, amount_requested=Decimal("50000")
    )
    reason = DeclineReason.objects.create(
        label="The budget does not match the plan.", label_fr="Budget incohérent."
    )
    template = _template()
    application_decide(
        application=application,
        by=manager,
        outcome=Status.DECLINED,
        message=template,
        decline_reason=reason,
        few_reviews_confirmed=True,
    )
    assert not Notification.objects.filter(event="decision_released").exists()  # quiet until release
    with django_capture_on_commit_callbacks(execute=True):
        decisions_release(round=round_, by=manager)
    rows = {row.to_email: row for row in Notification.objects.filter(event="decision_released")}
    en, fr = rows[english.email], rows[french.email]
    assert en.subject == f"Mothers of Lyon: your application to {round_}"
    assert "Dear Amina Applicant, we could not fund Mothers of Lyon ($50,000) this time." in en.body_text
    assert "The budget does not match the plan." in en.body_text
    assert fr.subject == f"Mothers of Lyon : votre candidature à {round_}"
    assert "Bonjour Chloé Co-admin" in fr.body_text
    assert "Budget incohérent." in fr.body_text
    assert "Bonjour Chloé Co-admin" in fr.body_html


def test_a_message_for_another_decision_is_refused(manager):
    from applications.services import ReviewRefused

    application = ApplicationFactory(status=Status.IN_REVIEW)
    with pytest.raises(ReviewRefused, match="another decision"):
        application_decide(
            application=application,
            by=manager,
            outcome=Status.SHORTLISTED,
            message=_template(),
            few_reviews_confirmed=True,
        )


def test_demo_seeds_templates_and_reasons_in_both_languages():
    from applications.demo_decisions import seed_decision_messages

    seed_decision_messages()
    seed_decision_messages()  # idempotent
    assert MessageTemplate.objects.count() == 3
    assert DeclineReason.objects.count() == 4
    for template in MessageTemplate.objects.all():
        template.full_clean()
        assert template.subject_fr and template.body_fr
    assert all(reason.label_fr for reason in DeclineReason.objects.all())
