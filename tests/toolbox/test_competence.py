"""The kompetencespejl: one's own answers only; managers see counts per level, never names."""

import pytest

from tests.factories import StaffFactory
from tests.html import form_values
from tests.toolbox.factories import MethodFactory
from toolbox.models import CompetenceArea, MethodStatus, SelfAssessment
from toolbox.services.competence import self_assessment_save, team_picture

pytestmark = pytest.mark.django_db

MIRROR = "/personale/kompetencer/"
TEAM = "/personale/kompetencer/team/"


def area(key):
    return CompetenceArea.objects.get(key=key)


def test_the_five_areas_come_from_the_migration_with_danish_descriptions():
    areas = list(CompetenceArea.objects.values_list("key", "name"))
    assert areas == [
        ("process_facilitation", "Procesfacilitering"),
        ("project_management", "Projektledelse"),
        ("relational", "Relationel kompetence"),
        ("vaertskab", "Værtskab"),
        ("cocreation", "Samskabelse"),
    ]
    assert all(a.description for a in CompetenceArea.objects.all())


def test_staff_rate_themselves_and_see_their_own_answers(staff, staff_user):
    response = staff.post(
        MIRROR,
        {"vaertskab-level": "4", "vaertskab-wants_to_develop": "on", "cocreation-level": "2"},
    )
    assert response.status_code == 302
    assert set(
        SelfAssessment.objects.values_list("user", "area__key", "level", "wants_to_develop")
    ) == {
        (staff_user.pk, "vaertskab", 4, True),
        (staff_user.pk, "cocreation", 2, False),
    }
    shown = form_values(staff.get(MIRROR))
    assert shown["vaertskab-level"] == "4"
    assert shown["vaertskab-wants_to_develop"] == "on"
    assert shown["cocreation-level"] == "2"
    assert shown["relational-level"] == []  # not answered yet
    # Saving again updates, never duplicates.
    staff.post(MIRROR, {"vaertskab-level": "5"})
    assert SelfAssessment.objects.get(user=staff_user, area__key="vaertskab").level == 5
    assert SelfAssessment.objects.filter(user=staff_user).count() == 2


def test_a_staff_member_never_sees_someone_elses_answers(staff, staff_user):
    colleague = StaffFactory(name="Kollega Karen")
    self_assessment_save(user=colleague, area=area("vaertskab"), level=1, wants_to_develop=True)
    response = staff.get(MIRROR)
    assert "Karen" not in response.content.decode()
    # Nothing of the colleague's answers is pre-filled.
    assert form_values(response)["vaertskab-level"] == []
    assert form_values(response)["vaertskab-wants_to_develop"] == []
    # The mirror takes no user parameter: asking for another's shows one's own (none).
    assert form_values(staff.get(MIRROR, {"user": colleague.pk}))["vaertskab-level"] == []


def test_team_picture_is_for_managers_only(staff, citizen, anonymous, manager):
    assert staff.get(TEAM).status_code == 403
    assert citizen.get(TEAM).status_code == 404
    assert anonymous.get(TEAM).status_code == 302
    assert manager.get(TEAM).status_code == 200


def test_team_picture_counts_per_level_without_names(manager):
    people = [StaffFactory(name=f"Medarbejder Navn{n}") for n in range(4)]
    levels = {"vaertskab": [4, 4, 5, 2], "cocreation": [1, 2, 2, 3], "relational": [3, 3]}
    for key, values in levels.items():
        for person, level in zip(people, values, strict=False):
            self_assessment_save(
                user=person, area=area(key), level=level, wants_to_develop=level <= 2
            )
    picture = {row["area"].key: row for row in team_picture()["areas"]}
    assert [lv["count"] for lv in picture["vaertskab"]["levels"]] == [0, 1, 0, 2, 1]
    assert [lv["count"] for lv in picture["cocreation"]["levels"]] == [1, 2, 1, 0, 0]
    assert picture["cocreation"]["wants_to_develop"] == 3
    # Two answers are too few to show without pointing at people.
    assert picture["relational"]["shown"] is False and picture["relational"]["levels"] == []

    html = manager.get(TEAM).content.decode()
    assert "Navn" not in html
    assert "For få svar til at vise" in html


def test_methods_that_train_the_weakest_areas(manager):
    people = [StaffFactory() for _ in range(3)]
    for person in people:
        self_assessment_save(user=person, area=area("cocreation"), level=1, wants_to_develop=True)
        self_assessment_save(user=person, area=area("relational"), level=2, wants_to_develop=False)
        self_assessment_save(user=person, area=area("vaertskab"), level=5, wants_to_develop=False)
    both = MethodFactory(title="Borgerpanel", areas=["cocreation", "relational"])
    one = MethodFactory(title="Idécafé", areas=["cocreation"])
    MethodFactory(title="Velkomstrunde", areas=["vaertskab"])
    MethodFactory(title="Kladde", areas=["cocreation"], status=MethodStatus.DRAFT)
    picture = team_picture()
    assert [a.key for a in picture["weakest"]] == ["cocreation", "relational"]
    assert picture["methods"] == [both, one]
    html = manager.get(TEAM).content.decode()
    assert "Borgerpanel" in html and "Velkomstrunde" not in html and "Kladde" not in html
