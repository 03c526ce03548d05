from django.db import migrations

# The five competence areas of the strategy ("Kompetenceudvikling og værktøjskasse").
AREAS = [
    (
        "process_facilitation",
        "Procesfacilitering",
        "At planlægge og lede et forløb, så alle kommer til orde, og gruppen når et resultat: "
        "vælge metode, holde tiden, samle op og lade deltagerne tage ejerskab.",
    ),
    (
        "project_management",
        "Projektledelse",
        "At føre en idé fra start til mål: mål, plan, roller, økonomi, tidsfrister og "
        "opfølgning – også når borgere, frivillige og partnere er med.",
    ),
    (
        "relational",
        "Relationel kompetence",
        "At se og forstå den anden, lytte, skabe tillid og håndtere uenighed, så samarbejdet "
        "med borgere, frivillige og kolleger bliver godt for begge parter.",
    ),
    (
        "vaertskab",
        "Værtskab",
        "At tage imod og skabe et rum, hvor folk føler sig velkomne og trygge ved at bidrage: "
        "rammer, stemning, præsentationer og den gode afslutning.",
    ),
    (
        "cocreation",
        "Samskabelse",
        "At skabe sammen med borgere og partnere som ligeværdige parter: dele magt og ansvar, "
        "bruge hinandens ressourcer og give plads til det, ingen af os kunne alene.",
    ),
]


def create_competence_areas(apps, schema_editor):
    CompetenceArea = apps.get_model("toolbox", "CompetenceArea")
    for order, (key, name, description) in enumerate(AREAS):
        CompetenceArea.objects.update_or_create(
            key=key, defaults={"name": name, "description": description, "order": order}
        )


def remove_competence_areas(apps, schema_editor):
    keys = [key for key, _name, _description in AREAS]
    apps.get_model("toolbox", "CompetenceArea").objects.filter(key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [("toolbox", "0001_initial")]

    operations = [migrations.RunPython(create_competence_areas, remove_competence_areas)]
