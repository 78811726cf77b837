from django.db import migrations

FRENCH = {
    "residency": (
        "Le programme phare : jusqu’à cinq leaders reçoivent chacun jusqu’à 1 000 000 $ pour "
        "l’initiative de leur communauté, suivent une résidence avec des formations pour animer un "
        "groupe, lancer des actions collectives et organiser des rencontres, et fixent leur montant "
        "final d’après le budget qu’ils rédigent pendant la résidence."
    ),
    "fellowship": (
        "Jusqu’à cent boursiers reçoivent chacun 50 000 $ pour une initiative précise de leur "
        "communauté, avec des formations et une place dans les rencontres locales "
        "d’administrateurs de groupes du programme."
    ),
}


def describe(apps, schema_editor):
    Program = apps.get_model("grants", "Program")
    for slug, text in FRENCH.items():
        Program.objects.filter(slug=slug, description_fr="").update(description_fr=text)


class Migration(migrations.Migration):
    dependencies = [("grants", "0005_program_description_fr")]
    operations = [migrations.RunPython(describe, migrations.RunPython.noop)]
