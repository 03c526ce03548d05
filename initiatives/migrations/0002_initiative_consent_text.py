from django.db import migrations

TEXT = (
    "Jeg giver biblioteket lov til at gemme mit navn, min e-mail og mit telefonnummer sammen "
    "med min idé, så medarbejderne kan kontakte mig og arbejde videre med idéen sammen med mig. "
    "Oplysningerne bruges kun til det. Jeg kan til enhver tid bede om at få dem slettet via "
    "linket til min idé. Er idéen afvist, henvist, trukket tilbage eller lagt sammen med en "
    "anden, sletter biblioteket mine kontaktoplysninger efter 12 måneder."
)


def create_consent_text(apps, schema_editor):
    ConsentText = apps.get_model("accounts", "ConsentText")
    ConsentText.objects.get_or_create(purpose="initiative", version=1, defaults={"text": TEXT})


def remove_consent_text(apps, schema_editor):
    ConsentText = apps.get_model("accounts", "ConsentText")
    ConsentText.objects.filter(purpose="initiative", version=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_consent_texts"),
        ("initiatives", "0001_initiatives_threads_history"),
    ]

    operations = [migrations.RunPython(create_consent_text, remove_consent_text)]
