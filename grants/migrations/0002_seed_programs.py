"""The two programs of the 2018 Community Leadership Program and their weighted rubrics."""

from decimal import Decimal

from django.db import migrations

RUBRIC = [
    ("Community strength and trust", "How engaged, loyal and safe is the community? Look at activity, moderation and members' trust.", "1.50"),
    ("Positive impact", "How much good will the initiative do for members and beyond, in health, environment, education, entrepreneurship, equality or refugee support?", "1.50"),
    ("Quality and feasibility of the plan", "Is the plan concrete, sequenced and achievable by this team in the grant period?", "1.00"),
    ("Leadership", "Has the team shown it can lead people to act together, online and offline?", "1.00"),
    ("Budget realism", "Are the costs justified, proportionate and tied to the plan?", "1.00"),
]

PROGRAMS = [
    {
        "slug": "residency",
        "name": "Community Leadership Residency",
        "description": (
            "The flagship program: up to five leaders receive up to $1,000,000 each for their "
            "community initiative, spend a residency with training in running groups, collective "
            "action and meetups, and set their final amount from the budget they write during it."
        ),
        "max_awards": 5,
        "max_amount": Decimal("1000000.00"),
        "amount_is_fixed": False,
        "total_budget": Decimal("5000000.00"),
        "display_order": 1,
    },
    {
        "slug": "fellowship",
        "name": "Community Leadership Fellowship",
        "description": (
            "Up to one hundred fellows receive $50,000 each for a specific community initiative, "
            "with training and a place among the program's local gatherings of group admins."
        ),
        "max_awards": 100,
        "max_amount": Decimal("50000.00"),
        "amount_is_fixed": True,
        "total_budget": Decimal("5000000.00"),
        "display_order": 2,
    },
]


def seed(apps, schema_editor):
    Program = apps.get_model("grants", "Program")
    Criterion = apps.get_model("grants", "Criterion")
    for spec in PROGRAMS:
        program, created = Program.objects.get_or_create(slug=spec["slug"], defaults=spec)
        if created:
            for order, (name, guidance, weight) in enumerate(RUBRIC, start=1):
                Criterion.objects.create(
                    program=program, name=name, guidance=guidance, weight=Decimal(weight), order=order
                )


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
