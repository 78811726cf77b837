"""Applications' foreign keys to rounds and criteria now name programs' models (state only).

The tables and their foreign key constraints stay as they are: programs 0001 took the models
over on the same tables, and programs 0002 renames them.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0005_application_version'),
        ('programs', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='application',
                    name='round',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='programs.round'),
                ),
                migrations.AlterField(
                    model_name='decisionrelease',
                    name='round',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='decision_release', to='programs.round'),
                ),
                migrations.AlterField(
                    model_name='score',
                    name='criterion',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='programs.criterion'),
                ),
            ],
        ),
    ]
