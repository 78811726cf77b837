"""Each email goes out in its recipient's language."""

from django.core import mail

from applications.services import application_submit
from notifications.models import Notification


def test_a_french_speaking_admin_gets_the_french_receipt_and_an_english_one_the_english(
    applicant, co_admin, receipt_draft, django_capture_on_commit_callbacks
):
    co_admin.language = "fr"
    co_admin.time_zone = "Europe/Paris"
    co_admin.save(update_fields=["language", "time_zone"])
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=receipt_draft, by=applicant)

    french = next(m for m in mail.outbox if m.to == [co_admin.email])
    english = next(m for m in mail.outbox if m.to == [applicant.email])

    assert french.subject.startswith("Candidature reçue")
    assert receipt_draft.title in french.subject
    assert french.body.startswith("Bonjour Chloé,")
    assert "Nous avons bien reçu la candidature de Mothers of Lyon" in french.body
    assert "Soumise le" in french.body
    assert "Application" not in french.body
    french_html = french.alternatives[0][0]
    assert '<html lang="fr">' in french_html
    assert "Suivre son avancement" in french_html
    assert "Vous recevez cet e-mail" in french_html
    assert french.extra_headers["Content-Language"] == "fr"

    assert english.subject.startswith("Application received:")
    assert english.body.startswith("Hello Amina,")
    assert "We have received the application of Mothers of Lyon" in english.body
    assert '<html lang="en">' in english.alternatives[0][0]

    assert dict(Notification.objects.values_list("to_email", "language")) == {
        applicant.email: "en",
        co_admin.email: "fr",
    }


def test_the_french_date_uses_french_month_names(
    applicant, receipt_draft, django_capture_on_commit_callbacks
):
    applicant.language = "fr"
    applicant.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=receipt_draft, by=applicant)
    receipt_draft.refresh_from_db()
    french_months = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ]
    month = french_months[receipt_draft.submitted_at.month - 1]
    message = next(m for m in mail.outbox if m.to == [applicant.email])
    assert f"{receipt_draft.submitted_at.day} {month} {receipt_draft.submitted_at.year}" in message.body
