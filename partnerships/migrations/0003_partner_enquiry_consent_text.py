from django.db import migrations

PURPOSE = "partner_enquiry"
TEXT = (
    "Jeg giver biblioteket lov til at gemme mit navn, min e-mail og mit telefonnummer sammen med "
    "henvendelsen fra min organisation, så biblioteket kan svare os og tale med os om et "
    "samarbejde. Bliver vi samarbejdspartnere, gemmes jeg som kontaktperson for organisationen. "
    "Oplysningerne bruges kun til det, og jeg kan til enhver tid bede biblioteket om at slette "
    "dem."
)


def create_consent_text(apps, schema_editor):
    ConsentText = apps.get_model("accounts", "ConsentText")
    ConsentText.objects.get_or_create(purpose=PURPOSE, version=1, defaults={"text": TEXT})


def remove_consent_text(apps, schema_editor):
    apps.get_model("accounts", "ConsentText").objects.filter(purpose=PURPOSE, version=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_consent_texts"),
        # After the agreement models (0002), so the app has one leaf migration.
        ("partnerships", "0002_agreement_templates"),
    ]

    operations = [migrations.RunPython(create_consent_text, remove_consent_text)]
