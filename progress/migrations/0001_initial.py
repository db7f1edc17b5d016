"""The progress models, moved here from municipalities without touching their rows.

State only: the tables are the ones municipalities' 0002_progress created (municipalities_*),
so this migration declares the models on them and changes nothing in the database. The
municipalities app drops the same models from its state in its 0003 (which depends on this
one), and 0002_tables_and_content_types here renames the tables and moves the content types.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('municipalities', '0002_progress'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalInitiative',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='naam')),
                        ('phase', models.CharField(choices=[('orientation', 'Oriëntatie'), ('project_development', 'Projectontwikkeling'), ('realisation', 'Realisatie')], default='orientation', max_length=24, verbose_name='fase')),
                        ('heat_solution', models.CharField(choices=[('heat_network', 'Warmtenet'), ('all_electric', 'All-electric'), ('hybrid', 'Hybride warmtepomp (tussenstap)'), ('green_gas', 'Groen gas'), ('undecided', 'Nog niet bepaald')], default='heat_network', max_length=20, verbose_name='warmteoplossing')),
                        ('contact_name', models.CharField(blank=True, max_length=150, verbose_name='contactpersoon')),
                        ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='e-mailadres contactpersoon')),
                        ('collaboration', models.CharField(choices=[('partnership', 'Werkt nauw samen met de gemeente'), ('supported', 'Maakt zelf plannen, gemeente ondersteunt'), ('independent', 'Werkt (nog) zelfstandig')], default='supported', max_length=20, verbose_name='samenwerking met de gemeente')),
                        ('collaboration_notes', models.TextField(blank=True, verbose_name='toelichting op de samenwerking')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='laatst bijgewerkt')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('municipality', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='municipalities.municipality', verbose_name='gemeente')),
                    ],
                    options={
                        'db_table': 'municipalities_historicalinitiative',
                        'verbose_name': 'initiatief (geschiedenis)',
                        'verbose_name_plural': 'historical lokale initiatieven',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalNeighbourhood',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('name', models.CharField(max_length=150, verbose_name='naam van de wijk')),
                        ('cbs_code', models.CharField(blank=True, help_text='Bijvoorbeeld WK010601.', max_length=8, verbose_name='CBS-wijkcode')),
                        ('dwellings', models.PositiveIntegerField(blank=True, null=True, verbose_name='aantal woningen')),
                        ('period_start', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='van het aardgas af: vanaf')),
                        ('period_end', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='van het aardgas af: uiterlijk')),
                        ('alternative', models.CharField(choices=[('heat_network', 'Warmtenet'), ('all_electric', 'All-electric'), ('hybrid', 'Hybride warmtepomp (tussenstap)'), ('green_gas', 'Groen gas'), ('undecided', 'Nog niet bepaald')], default='undecided', max_length=20, verbose_name='beoogd alternatief')),
                        ('insulation_first', models.BooleanField(default=False, verbose_name='eerst isoleren')),
                        ('wup_status', models.CharField(choices=[('none', 'Nog geen plan'), ('in_preparation', 'In voorbereiding'), ('adopted', 'Vastgesteld'), ('in_execution', 'In uitvoering')], default='none', max_length=20, verbose_name='wijkuitvoeringsplan')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='laatst bijgewerkt')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('municipality', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='municipalities.municipality', verbose_name='gemeente')),
                    ],
                    options={
                        'db_table': 'municipalities_historicalneighbourhood',
                        'verbose_name': 'wijk (geschiedenis)',
                        'verbose_name_plural': 'historical wijken',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalProgress',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('vision_status', models.CharField(choices=[('not_started', 'Nog niet gestart'), ('in_preparation', 'In voorbereiding'), ('adopted', 'Vastgesteld door de raad')], default='not_started', max_length=20, verbose_name='transitievisie warmte')),
                        ('vision_adopted_on', models.DateField(blank=True, null=True, verbose_name='visie vastgesteld op')),
                        ('vision_url', models.URLField(blank=True, verbose_name='link naar de visie')),
                        ('programme_status', models.CharField(choices=[('not_started', 'Nog niet gestart'), ('in_preparation', 'In voorbereiding'), ('adopted', 'Vastgesteld door de raad')], default='not_started', max_length=20, verbose_name='warmteprogramma')),
                        ('programme_adopted_on', models.DateField(blank=True, null=True, verbose_name='warmteprogramma vastgesteld op')),
                        ('programme_url', models.URLField(blank=True, verbose_name='link naar het warmteprogramma')),
                        ('revision_due_on', models.DateField(blank=True, help_text='De visie of het warmteprogramma wordt ten minste eens in de vijf jaar herzien.', null=True, verbose_name='herziening uiterlijk')),
                        ('flagged', models.BooleanField(default=False, verbose_name='aandacht nodig')),
                        ('flag_reason', models.CharField(blank=True, max_length=300, verbose_name='reden voor aandacht')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='laatst bijgewerkt')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('municipality', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='municipalities.municipality', verbose_name='gemeente')),
                    ],
                    options={
                        'db_table': 'municipalities_historicalprogress',
                        'verbose_name': 'voortgang (geschiedenis)',
                        'verbose_name_plural': 'historical voortgang',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Initiative',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='naam')),
                        ('phase', models.CharField(choices=[('orientation', 'Oriëntatie'), ('project_development', 'Projectontwikkeling'), ('realisation', 'Realisatie')], default='orientation', max_length=24, verbose_name='fase')),
                        ('heat_solution', models.CharField(choices=[('heat_network', 'Warmtenet'), ('all_electric', 'All-electric'), ('hybrid', 'Hybride warmtepomp (tussenstap)'), ('green_gas', 'Groen gas'), ('undecided', 'Nog niet bepaald')], default='heat_network', max_length=20, verbose_name='warmteoplossing')),
                        ('contact_name', models.CharField(blank=True, max_length=150, verbose_name='contactpersoon')),
                        ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='e-mailadres contactpersoon')),
                        ('collaboration', models.CharField(choices=[('partnership', 'Werkt nauw samen met de gemeente'), ('supported', 'Maakt zelf plannen, gemeente ondersteunt'), ('independent', 'Werkt (nog) zelfstandig')], default='supported', max_length=20, verbose_name='samenwerking met de gemeente')),
                        ('collaboration_notes', models.TextField(blank=True, verbose_name='toelichting op de samenwerking')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='laatst bijgewerkt')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='initiatives', to='municipalities.municipality', verbose_name='gemeente')),
                    ],
                    options={
                        'db_table': 'municipalities_initiative',
                        'verbose_name': 'lokaal initiatief',
                        'verbose_name_plural': 'lokale initiatieven',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='Neighbourhood',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=150, verbose_name='naam van de wijk')),
                        ('cbs_code', models.CharField(blank=True, help_text='Bijvoorbeeld WK010601.', max_length=8, verbose_name='CBS-wijkcode')),
                        ('dwellings', models.PositiveIntegerField(blank=True, null=True, verbose_name='aantal woningen')),
                        ('period_start', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='van het aardgas af: vanaf')),
                        ('period_end', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='van het aardgas af: uiterlijk')),
                        ('alternative', models.CharField(choices=[('heat_network', 'Warmtenet'), ('all_electric', 'All-electric'), ('hybrid', 'Hybride warmtepomp (tussenstap)'), ('green_gas', 'Groen gas'), ('undecided', 'Nog niet bepaald')], default='undecided', max_length=20, verbose_name='beoogd alternatief')),
                        ('insulation_first', models.BooleanField(default=False, verbose_name='eerst isoleren')),
                        ('wup_status', models.CharField(choices=[('none', 'Nog geen plan'), ('in_preparation', 'In voorbereiding'), ('adopted', 'Vastgesteld'), ('in_execution', 'In uitvoering')], default='none', max_length=20, verbose_name='wijkuitvoeringsplan')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='laatst bijgewerkt')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='neighbourhoods', to='municipalities.municipality', verbose_name='gemeente')),
                    ],
                    options={
                        'db_table': 'municipalities_neighbourhood',
                        'verbose_name': 'wijk',
                        'verbose_name_plural': 'wijken',
                        'ordering': ['period_start', 'name'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('period_start__isnull', True), ('period_end__isnull', True), ('period_end__gte', models.F('period_start')), _connector='OR'), name='neighbourhood_period_ordered')],
                    },
                ),
                migrations.CreateModel(
                    name='Progress',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('vision_status', models.CharField(choices=[('not_started', 'Nog niet gestart'), ('in_preparation', 'In voorbereiding'), ('adopted', 'Vastgesteld door de raad')], default='not_started', max_length=20, verbose_name='transitievisie warmte')),
                        ('vision_adopted_on', models.DateField(blank=True, null=True, verbose_name='visie vastgesteld op')),
                        ('vision_url', models.URLField(blank=True, verbose_name='link naar de visie')),
                        ('programme_status', models.CharField(choices=[('not_started', 'Nog niet gestart'), ('in_preparation', 'In voorbereiding'), ('adopted', 'Vastgesteld door de raad')], default='not_started', max_length=20, verbose_name='warmteprogramma')),
                        ('programme_adopted_on', models.DateField(blank=True, null=True, verbose_name='warmteprogramma vastgesteld op')),
                        ('programme_url', models.URLField(blank=True, verbose_name='link naar het warmteprogramma')),
                        ('revision_due_on', models.DateField(blank=True, help_text='De visie of het warmteprogramma wordt ten minste eens in de vijf jaar herzien.', null=True, verbose_name='herziening uiterlijk')),
                        ('flagged', models.BooleanField(default=False, verbose_name='aandacht nodig')),
                        ('flag_reason', models.CharField(blank=True, max_length=300, verbose_name='reden voor aandacht')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='laatst bijgewerkt')),
                        ('municipality', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='progress', to='municipalities.municipality', verbose_name='gemeente')),
                    ],
                    options={
                        'db_table': 'municipalities_progress',
                        'verbose_name': 'voortgang',
                        'verbose_name_plural': 'voortgang',
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('vision_adopted_on__isnull', True), ('vision_status', 'adopted'), _negated=True), models.Q(('programme_adopted_on__isnull', True), ('programme_status', 'adopted'), _negated=True)), name='progress_adopted_has_date')],
                    },
                ),
                migrations.CreateModel(
                    name='ProgressComment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField(max_length=2000, verbose_name='opmerking')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='geplaatst')),
                        ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='progress_comments', to=settings.AUTH_USER_MODEL, verbose_name='auteur')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='progress_comments', to='municipalities.municipality', verbose_name='gemeente')),
                    ],
                    options={
                        'db_table': 'municipalities_progresscomment',
                        'verbose_name': 'opmerking',
                        'verbose_name_plural': 'opmerkingen',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['municipality', '-created_at'], name='municipalit_municip_ab70c6_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
