"""The Reviewers and Program staff groups with exactly the permissions they need."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_groups(apps, schema_editor):
    # Permissions are normally made after migrate; make them now so the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    from applications.roles import roles_sync

    roles_sync(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reviewers", "Program staff"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_review"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The latest migration of each app whose models program staff work with, so their
        # permissions exist when the groups are filled.
        ("grants", "0004_seed_program_terms"),
        ("leadership", "0003_development"),
        ("notifications", "0002_delivery_schedule_and_reminders"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
