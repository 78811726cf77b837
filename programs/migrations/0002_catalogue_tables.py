"""The catalogue's tables take programs' names, and everything that named the old ones follows.

- grants_program, grants_programterms, grants_round and grants_criterion become programs_*;
  their rows, ids, foreign keys and constraints go with them (a rename keeps all of it).
- On PostgreSQL the caps triggers of grants 0007 stay on grants_award and the program table
  (triggers follow a renamed table), but their functions name the program table in their SQL
  text, so they are dropped before the rename and made again against programs_program.
- The content types of the four models move from app label grants to programs, keeping their
  ids, so the permissions that hang on them (and the groups and people holding those) stay;
  where both labels already have a row (a fresh database), the holders move to programs' rows.
"""

import re
from importlib import import_module

from django.conf import settings
from django.db import migrations

# The triggers and functions exactly as grants 0007 installed them, read from that migration.
caps = import_module("grants.migrations.0007_program_caps_held_by_database")
MODELS = ("program", "programterms", "round", "criterion")


def _renamed(sql: str) -> str:
    # Only the table name: the functions keep their names (grants_program_caps_check, ...).
    return re.sub(r"\bgrants_program\b", "programs_program", sql)


def _on_postgresql(sql: str):
    def run(apps, schema_editor) -> None:
        # On SQLite there are no triggers: the services' checks are the guard there.
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


def _relabel(source: str, target: str):
    def run(apps, schema_editor) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        for model in MODELS:
            old = content_type.objects.filter(app_label=source, model=model).first()
            if old is None:
                continue
            new = content_type.objects.filter(app_label=target, model=model).first()
            if new is None:
                old.app_label = target
                old.save(update_fields=["app_label"])
            else:
                _merge(apps, old, new)

    return run


def _merge(apps, old, new) -> None:
    """Both labels have the model: a fresh database's create_permissions (applications 0004) ran
    while grants and programs both held it. Hand the old permissions' holders and the admin
    log to the new rows, then drop the old ones."""
    permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group")
    user = apps.get_model(settings.AUTH_USER_MODEL)
    for held in permission.objects.filter(content_type=old):
        twin, _created = permission.objects.get_or_create(
            content_type=new, codename=held.codename, defaults={"name": held.name}
        )
        for holder in group.objects.filter(permissions=held):
            holder.permissions.add(twin)
        for holder in user.objects.filter(user_permissions=held):
            holder.user_permissions.add(twin)
    apps.get_model("admin", "LogEntry").objects.filter(content_type=old).update(content_type=new)
    old.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("grants", "0008_catalogue_moves_to_programs"),
        ("programs", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(caps.BACKWARD), _on_postgresql(caps.FORWARD)),
        migrations.AlterModelTable(name="program", table=None),
        migrations.AlterModelTable(name="programterms", table=None),
        migrations.AlterModelTable(name="round", table=None),
        migrations.AlterModelTable(name="criterion", table=None),
        migrations.RunPython(
            _on_postgresql(_renamed(caps.FORWARD)), _on_postgresql(_renamed(caps.BACKWARD))
        ),
        migrations.RunPython(_relabel("grants", "programs"), _relabel("programs", "grants")),
    ]
