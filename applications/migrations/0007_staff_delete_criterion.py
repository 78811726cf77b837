"""Program staff keep deleting rubric lines now that the permission is programs.delete_criterion.

On a database made from scratch, 0004 ran while the criterion was still grants', and roles_sync
names it programs.delete_criterion today, so 0004 found nothing to give; existing databases
kept the grant through programs 0002 (the permission row is the same, relabelled).
"""

from django.db import migrations


def grant(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Program staff").first()
    permission = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="programs", codename="delete_criterion"
    ).first()
    if group and permission:
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_catalogue_in_programs"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("programs", "0002_catalogue_tables"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
