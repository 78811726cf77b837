"""Each review's weighted total, stored at submission so the ranking stops re-aggregating scores."""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery, Sum
from django.db.models.functions import Cast


def totals_fill(apps, schema_editor):
    """The same figure ReviewQuerySet.totals_store writes, for reviews that exist already."""
    Review = apps.get_model("applications", "Review")
    Score = apps.get_model("applications", "Score")
    scored = (
        Score.objects.filter(review=OuterRef("pk"), value__isnull=False)
        .order_by()
        .values("review")
        .annotate(
            total=Cast(Sum(F("value") * F("criterion__weight")), models.FloatField())
            / Cast(Sum("criterion__weight"), models.FloatField())
        )
        .values("total")
    )
    Review.objects.filter(submitted_at__isnull=False).update(weighted_total=Subquery(scored))


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0007_staff_delete_criterion"),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="weighted_total",
            field=models.FloatField(blank=True, editable=False, null=True, verbose_name="weighted total"),
        ),
        migrations.RunPython(totals_fill, migrations.RunPython.noop),
    ]
