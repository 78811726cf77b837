"""Demo data for `manage.py seed_demo` from programs: the French text of the seeded catalogue, and
the demo rounds' names.

The programs, their rubric and terms come from migrations (grants.0002 and grants.0004) in
English; this step fills the French fields staff would fill, only where they are empty.
"""

from __future__ import annotations

from .models import Criterion, Program, ProgramTerms, Round

PROGRAMS_FR = {
    "residency": {
        "name_fr": "Résidence Leadership communautaire",
        "description_fr": (
            "Le programme phare : jusqu’à cinq leaders reçoivent chacun jusqu’à 1 000 000 $ pour "
            "l’initiative de leur communauté, suivent une résidence avec des formations à l’animation "
            "de groupes, à l’action collective et aux rencontres, et fixent leur montant final à partir "
            "du budget qu’ils y rédigent."
        ),
    },
    "fellowship": {
        "name_fr": "Bourse Leadership communautaire",
        "description_fr": (
            "Jusqu’à cent boursiers reçoivent chacun 50 000 $ pour une initiative précise de leur "
            "communauté, avec une formation et une place dans les rencontres locales d’administrateurs "
            "de groupes du programme."
        ),
    },
}

# English name of a rubric line → its French name and guidance.
CRITERIA_FR = {
    "Community strength and trust": (
        "Solidité et confiance de la communauté",
        "La communauté est-elle active, fidèle et sûre ? Regardez l’activité, la modération et la "
        "confiance des membres.",
    ),
    "Positive impact": (
        "Impact positif",
        "Quel bien l’initiative fera-t-elle aux membres et au-delà, en santé, environnement, "
        "éducation, entrepreneuriat, égalité ou soutien aux personnes réfugiées ?",
    ),
    "Quality and feasibility of the plan": (
        "Qualité et faisabilité du projet",
        "Le projet est-il concret, ordonné et réalisable par cette équipe pendant la subvention ?",
    ),
    "Leadership": (
        "Capacité à mener",
        "L’équipe a-t-elle montré qu’elle sait faire agir les gens ensemble, en ligne et hors ligne ?",
    ),
    "Budget realism": (
        "Réalisme du budget",
        "Les coûts sont-ils justifiés, proportionnés et liés au projet ?",
    ),
}

AGREEMENT_FR = (
    "En acceptant cette subvention, les administrateurs de la communauté s’engagent à : utiliser "
    "les fonds uniquement pour l’initiative décrite dans la candidature et son budget approuvé ; "
    "remettre chaque rapport d’étape à sa date avec des chiffres sincères ; conserver les "
    "justificatifs de chaque dépense pendant cinq ans ; informer aussitôt le programme de tout "
    "changement qui touche l’initiative ; et rendre les fonds non dépensés pour l’initiative. Les "
    "tranches sont versées sur le compte vérifié par le programme. Le programme peut annuler la "
    "subvention si ces conditions ne sont pas respectées."
)

# (program slug, title, French title, opens, closes, reviews close in days from the first run,
#  the title the round had before titles stopped repeating the program's name)
DEMO_ROUNDS = [
    ("residency", "Open call", "Appel à candidatures", -7, 21, 75, "Residency — open call"),
    ("fellowship", "Open call", "Appel à candidatures", -10, 23, 60, "Fellowship — open call"),
    ("fellowship", "Pilot round", "Appel pilote", -75, -14, 16, "Fellowship — pilot round"),
    ("residency", "Pilot round", "Appel pilote", -80, -20, -5, "Residency — pilot round"),
    ("fellowship", "2025 round", "Appel 2025", -200, -150, -120, "Fellowship — 2025 round"),
]


def demo_round(slug: str, title: str) -> Round:
    return Round.objects.select_related("program").get(program__slug=slug, title=title)


def _fill(instance, values: dict[str, str]) -> bool:
    """Set the empty fields among values; True if any was."""
    empty = [field for field, value in values.items() if not getattr(instance, field)]
    for field in empty:
        setattr(instance, field, values[field])
    if empty:
        instance.save(update_fields=empty)
    return bool(empty)


def seed_french() -> str:
    """French names, descriptions, rubric and agreement for the seeded programs; staff's text is kept."""
    filled = 0
    for program in Program.objects.filter(slug__in=PROGRAMS_FR):
        filled += _fill(program, PROGRAMS_FR[program.slug])
        terms = ProgramTerms.objects.filter(program=program).first()
        if terms is not None and terms.agreement:
            filled += _fill(terms, {"agreement_fr": AGREEMENT_FR})
    for criterion in Criterion.objects.filter(name__in=CRITERIA_FR):
        name_fr, guidance_fr = CRITERIA_FR[criterion.name]
        filled += _fill(criterion, {"name_fr": name_fr, "guidance_fr": guidance_fr})
    return f"{filled} texts given their French version"
