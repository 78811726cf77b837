"""The catalogue moves from grants to programs, with its rows: state only, on the same tables.

Program, ProgramTerms, Round and Criterion enter programs' state on the tables grants made
(grants_program, ...); applications and grants then point their foreign keys here and grants
forgets the models (applications 0006, grants 0008). programs 0002 renames the tables.
"""

import django.core.validators
import django.db.models.deletion
import programs.models
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [("grants", "0007_program_caps_held_by_database")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Program',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('slug', models.SlugField(unique=True, verbose_name='slug')),
                        ('description', models.TextField(verbose_name='description')),
                        ('description_fr', models.TextField(blank=True, help_text='Shown to French readers; the English one if empty.', verbose_name='description in French')),
                        ('max_awards', models.PositiveIntegerField(verbose_name='maximum number of awards')),
                        ('max_amount', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='maximum amount per award')),
                        ('amount_is_fixed', models.BooleanField(default=False, help_text='Every award is exactly the maximum amount.', verbose_name='amount is fixed')),
                        ('total_budget', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='total budget')),
                        ('currency', models.CharField(default='USD', max_length=3, verbose_name='currency')),
                        ('display_order', models.PositiveSmallIntegerField(default=0, verbose_name='display order')),
                    ],
                    options={
                        'db_table': 'grants_program',
                        'verbose_name': 'program',
                        'verbose_name_plural': 'programs',
                        'ordering': ['display_order', 'name'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('max_amount__lte', models.F('total_budget'))), name='program_max_amount_within_budget')],
                    },
                ),
                migrations.CreateModel(
                    name='ProgramTerms',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('tranche_split', models.JSONField(default=programs.models.default_split, help_text='Percentages of the award paid in each tranche, e.g. [40, 30, 30]. They must add up to 100.', verbose_name='tranche split (percent)')),
                        ('first_tranche_days', models.PositiveSmallIntegerField(default=30, verbose_name='first tranche due after (days)')),
                        ('tranche_interval_days', models.PositiveSmallIntegerField(default=180, verbose_name='days between tranches')),
                        ('report_lead_days', models.PositiveSmallIntegerField(default=21, verbose_name='report due before the next tranche (days)')),
                        ('payments_follow_results', models.BooleanField(default=False, help_text='A tranche after the first is paid only once the report due before it is accepted.', verbose_name='payments follow results')),
                        ('budget_proposals', models.BooleanField(default=False, help_text="The award's final amount follows the budget the grantee writes during training.", verbose_name='grantees write a budget proposal')),
                        ('agreement', models.TextField(blank=True, help_text='The terms a grantee accepts online. A copy is kept with each award.', verbose_name='grant agreement')),
                        ('program', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='terms', to='programs.program')),
                    ],
                    options={
                        'db_table': 'grants_programterms',
                        'verbose_name': 'program terms',
                        'verbose_name_plural': 'program terms',
                    },
                ),
                migrations.CreateModel(
                    name='Criterion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('guidance', models.TextField(blank=True, verbose_name='guidance for reviewers')),
                        ('weight', models.DecimalField(decimal_places=2, default=Decimal('1'), max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='weight')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('program', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='programs.program')),
                    ],
                    options={
                        'db_table': 'grants_criterion',
                        'verbose_name': 'criterion',
                        'verbose_name_plural': 'criteria',
                        'ordering': ['program', 'order', 'id'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('weight__gt', 0)), name='criterion_weight_positive')],
                    },
                ),
                migrations.CreateModel(
                    name='Round',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('opens_at', models.DateTimeField(verbose_name='opens at')),
                        ('closes_at', models.DateTimeField(verbose_name='closes at')),
                        ('review_closes_at', models.DateTimeField(verbose_name='review closes at')),
                        ('blind_review', models.BooleanField(default=False, help_text="Reviewers do not see the community's name, link or admins.", verbose_name='blind review')),
                        ('share_feedback', models.BooleanField(default=False, verbose_name='share scores with declined applicants')),
                        ('program', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rounds', to='programs.program')),
                    ],
                    options={
                        'db_table': 'grants_round',
                        'verbose_name': 'round',
                        'verbose_name_plural': 'rounds',
                        'ordering': ['-closes_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('closes_at__gt', models.F('opens_at'))), name='round_closes_after_opening'), models.CheckConstraint(condition=models.Q(('review_closes_at__gte', models.F('closes_at'))), name='round_review_after_close')],
                    },
                ),
            ],
        ),
    ]
