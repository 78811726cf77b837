"""Default payment terms of the two seeded programs (editable by staff afterwards)."""

from django.db import migrations

AGREEMENT = (
    "By accepting this award, the community's admins agree to: use the funds only for the "
    "initiative described in the application and its approved budget; file each progress "
    "report by its due date with honest figures; keep receipts for every expense for five "
    "years; tell the program at once of any change that affects the initiative; and return "
    "any funds not spent on the initiative. Tranches are paid to the account the program has "
    "verified. The program may cancel the award if these terms are broken."
)

TERMS = {
    "residency": {
        "tranche_split": [40, 30, 30], "first_tranche_days": 30, "tranche_interval_days": 120,
        "report_lead_days": 21, "payments_follow_results": True, "budget_proposals": True,
    },
    "fellowship": {
        "tranche_split": [50, 50], "first_tranche_days": 30, "tranche_interval_days": 180,
        "report_lead_days": 21, "payments_follow_results": True, "budget_proposals": False,
    },
}


def seed(apps, schema_editor):
    Program = apps.get_model("grants", "Program")
    ProgramTerms = apps.get_model("grants", "ProgramTerms")
    for program in Program.objects.all():
        spec = TERMS.get(program.slug, {"tranche_split": [50, 50]})
        ProgramTerms.objects.get_or_create(program=program, defaults={**spec, "agreement": AGREEMENT})


class Migration(migrations.Migration):
    dependencies = [("grants", "0003_awards")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
