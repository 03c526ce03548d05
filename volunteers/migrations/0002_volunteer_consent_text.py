from django.db import migrations

TEXT = (
    "Jeg giver biblioteket lov til at gemme oplysningerne i min ansøgning og, hvis jeg bliver "
    "frivillig, mine vagter, timer og aftaler, så biblioteket kan vurdere min ansøgning, "
    "planlægge vagter og følge op på mit frivillige arbejde. Jeg kan se og hente alt om mig på "
    "min side og til enhver tid stoppe og få mine personoplysninger slettet; mine timer gemmes "
    "derefter kun som anonym statistik."
)


def create_consent_text(apps, schema_editor):
    ConsentText = apps.get_model("accounts", "ConsentText")
    ConsentText.objects.get_or_create(purpose="volunteer", version=1, defaults={"text": TEXT})


def remove_consent_text(apps, schema_editor):
    apps.get_model("accounts", "ConsentText").objects.filter(purpose="volunteer").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_consent_texts"),
        ("volunteers", "0001_volunteer_model_roles_shifts_hours"),
    ]

    operations = [migrations.RunPython(create_consent_text, remove_consent_text)]
