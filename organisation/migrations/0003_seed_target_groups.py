from django.db import migrations

KINDS = [
    "children-0-5",
    "children-6-14",
    "young-15-24",
    "adults",
    "seniors",
    "families",
    "everyone",
]


def create_target_groups(apps, schema_editor):
    TargetGroup = apps.get_model("organisation", "TargetGroup")
    for order, kind in enumerate(KINDS):
        TargetGroup.objects.update_or_create(kind=kind, defaults={"order": order})


def remove_target_groups(apps, schema_editor):
    apps.get_model("organisation", "TargetGroup").objects.filter(kind__in=KINDS).delete()


class Migration(migrations.Migration):
    dependencies = [("organisation", "0002_target_groups_and_response_deadline")]

    operations = [migrations.RunPython(create_target_groups, remove_target_groups)]
