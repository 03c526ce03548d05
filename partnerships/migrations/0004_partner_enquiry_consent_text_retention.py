"""Version 2 of the "Bliv samarbejdspartner" consent text: it says how long the library keeps
the sender's data (SAMMEN_PARTNER_ENQUIRY_RETENTION_MONTHS, 12 by default; a changed period
needs a new version). Version 1 stays: enquiries already sent point at it."""

from django.db import migrations

PURPOSE = "partner_enquiry"
VERSION = 2
TEXT = (
    "Jeg giver biblioteket lov til at gemme mit navn, min e-mail og mit telefonnummer sammen med "
    "henvendelsen fra min organisation, så biblioteket kan svare os og tale med os om et "
    "samarbejde. Bliver vi samarbejdspartnere, gemmes jeg som kontaktperson for organisationen. "
    "Oplysningerne bruges kun til det, og jeg kan til enhver tid bede biblioteket om at slette "
    "dem. Biblioteket sletter mine oplysninger i henvendelsen 12 måneder efter, at den er "
    "besvaret, eller 12 måneder efter, at den kom ind, hvis den ikke er blevet besvaret."
)


def create_consent_text(apps, schema_editor):
    ConsentText = apps.get_model("accounts", "ConsentText")
    ConsentText.objects.get_or_create(purpose=PURPOSE, version=VERSION, defaults={"text": TEXT})


def remove_consent_text(apps, schema_editor):
    ConsentText = apps.get_model("accounts", "ConsentText")
    ConsentText.objects.filter(purpose=PURPOSE, version=VERSION).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_consent_texts"),
        ("partnerships", "0003_partner_enquiry_consent_text"),
    ]

    operations = [migrations.RunPython(create_consent_text, remove_consent_text)]
