"""grants hands the catalogue to programs: the award's program is programs.Program (state only).

Nothing changes in the database: programs 0001 took Program, ProgramTerms, Round and Criterion
over on the same tables, with their rows; programs 0002 renames the tables.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0006_catalogue_in_programs'),
        ('grants', '0007_program_caps_held_by_database'),
        ('programs', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='award',
                    name='program',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='awards', to='programs.program'),
                ),
                migrations.DeleteModel(name='Criterion'),
                migrations.DeleteModel(name='Round'),
                migrations.DeleteModel(name='ProgramTerms'),
                migrations.DeleteModel(name='Program'),
            ],
        ),
    ]
