import datetime

from django.db import migrations, models


def fill_month(apps, schema_editor):
    CostLine = apps.get_model("finance", "CostLine")
    for line in CostLine.objects.all().only("pk", "incurred_on"):
        CostLine.objects.filter(pk=line.pk).update(month=line.incurred_on.replace(day=1))


class Migration(migrations.Migration):

    dependencies = [
        ("finance", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="costline",
            name="month",
            field=models.DateField(blank=True, default=datetime.date(2000, 1, 1), editable=False,
                                   help_text="The first day of incurred_on's month (set on save)"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_month, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="costline",
            index=models.Index(fields=["status", "month", "project"], name="finance_cos_status_d64462_idx"),
        ),
    ]
