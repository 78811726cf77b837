from django.db import migrations

CODES = [
    "health", "environment", "education", "womens_entrepreneurship", "gender_equality",
    "refugee_support", "other",
]


def seed(apps, schema_editor):
    FocusArea = apps.get_model("leadership", "FocusArea")
    for code in CODES:
        FocusArea.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("leadership", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
