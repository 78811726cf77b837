"""Demo decision message templates and decline reasons, in English and French (a seed_demo step)."""

from __future__ import annotations

from .models import DeclineReason, MessageTemplate, Status

DECISION_MESSAGES = [
    {
        "name": "Shortlisted — next steps",
        "outcome": Status.SHORTLISTED,
        "subject": "{community}: your application to {round} is shortlisted",
        "body": (
            "Dear {applicant_name},\n\nThe program team has shortlisted “{title}”, the application of "
            "{community} to {round} (amount requested: {amount}). We will write within two weeks about "
            "the interview and the budget you will draft.\n\nThe Community Leadership team"
        ),
        "subject_fr": "{community} : votre candidature à {round} est présélectionnée",
        "body_fr": (
            "Bonjour {applicant_name},\n\nL'équipe du programme a présélectionné « {title} », la "
            "candidature de {community} à {round} (montant demandé : {amount}). Nous vous écrirons d'ici "
            "deux semaines au sujet de l'entretien et du budget à préparer.\n\nL'équipe Community Leadership"
        ),
    },
    {
        "name": "Declined — thank you",
        "outcome": Status.DECLINED,
        "subject": "{community}: the decision on your application to {round}",
        "body": (
            "Dear {applicant_name},\n\nThank you for applying to {round} with “{title}”. We received many "
            "strong applications and could not select {community} this time. The reason is below; we hope "
            "to read a new application from you in the next round.\n\nThe Community Leadership team"
        ),
        "subject_fr": "{community} : la décision sur votre candidature à {round}",
        "body_fr": (
            "Bonjour {applicant_name},\n\nMerci d'avoir présenté « {title} » à {round}. Nous avons reçu "
            "beaucoup de candidatures solides et n'avons pas pu retenir {community} cette fois. Vous "
            "trouverez la raison ci-dessous ; nous espérons vous relire au prochain appel.\n\n"
            "L'équipe Community Leadership"
        ),
    },
    {
        "name": "Waiting list",
        "outcome": Status.WAITLISTED,
        "subject": "{community}: your application to {round} is on the waiting list",
        "body": (
            "Dear {applicant_name},\n\n“{title}” is on the waiting list of {round}. If a place opens we "
            "will tell you at once.\n\nThe Community Leadership team"
        ),
        "subject_fr": "{community} : votre candidature à {round} est sur liste d'attente",
        "body_fr": (
            "Bonjour {applicant_name},\n\n« {title} » est sur la liste d'attente de {round}. Si une place "
            "se libère, nous vous le dirons aussitôt.\n\nL'équipe Community Leadership"
        ),
    },
]

DECLINE_REASONS = [
    ("The plan lacks measurable goals.", "Le projet manque d'objectifs mesurables."),
    ("The budget does not match the plan.", "Le budget ne correspond pas au projet."),
    (
        "Other applications showed a stronger community impact.",
        "D'autres candidatures montraient un impact plus fort sur leur communauté.",
    ),
    ("The initiative is outside the program's focus areas.", "L'initiative sort des domaines du programme."),
]


def seed_decision_messages() -> str:
    """A few decision message templates and decline reasons, in English and French."""
    made = 0
    for values in DECISION_MESSAGES:
        _template, created = MessageTemplate.objects.get_or_create(name=values["name"], defaults=values)
        made += created
    for position, (label, label_fr) in enumerate(DECLINE_REASONS):
        _reason, created = DeclineReason.objects.get_or_create(
            label=label, defaults={"label_fr": label_fr, "position": position}
        )
        made += created
    return f"{made} decision message templates and decline reasons created"
