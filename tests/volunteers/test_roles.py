"""Roles (opgavebeskrivelser): the public list and page, and the staff's back office."""

import pytest

from accounts.models import AuditEntry
from organisation.models import TargetGroup, TargetGroupKind
from tests.factories import FocusAreaFactory, StaffFactory, TeamFactory
from tests.html import field_errors, form_values
from volunteers.models import OnboardingItem, RoleQuestion, RoleStatus, VolunteerRole
from volunteers.services import agreements as agreements_service

from .factories import RoleFactory

pytestmark = pytest.mark.django_db

ROLES = "/frivillig/"
STAFF_ROLES = "/personale/frivillige/roller/"


def group(kind) -> TargetGroup:
    return TargetGroup.objects.get(kind=kind)


def listed(response) -> list[str]:
    return [role.title for role in response.context["page"].object_list]


@pytest.fixture
def renewals(monkeypatch):
    """Calls to the agreements service's renewal (its effect is tested with the agreements)."""
    calls = []
    monkeypatch.setattr(
        agreements_service, "agreements_require_renewal", lambda **kwargs: calls.append(kwargs)
    )
    return calls


# --- The public list ----------------------------------------------------------------------------


def test_the_public_list_shows_open_roles_only(anonymous):
    RoleFactory(title="Lektiecafé")
    RoleFactory(title="Bogbus-hjælper", status=RoleStatus.PAUSED)
    RoleFactory(title="Rockcafé-vært", status=RoleStatus.CLOSED)

    response = anonymous.get(ROLES)

    assert response.status_code == 200
    assert listed(response) == ["Lektiecafé"]


def test_the_public_list_filters(anonymous, own_branch, other_branch):
    area = FocusAreaFactory(slug="laesning")
    homework = RoleFactory(title="Lektiecafé", branch=own_branch, involves_children=True)
    homework.target_groups.set([group(TargetGroupKind.CHILDREN_6_14)])
    homework.focus_areas.set([area])
    it_help = RoleFactory(title="IT-hjælp", branch=other_branch, tasks="Hjælpe med MitID og e-Boks")
    it_help.target_groups.set([group(TargetGroupKind.SENIORS)])

    assert listed(anonymous.get(ROLES, {"filial": other_branch.slug})) == ["IT-hjælp"]
    assert listed(anonymous.get(ROLES, {"maalgruppe": "children-6-14"})) == ["Lektiecafé"]
    assert listed(anonymous.get(ROLES, {"indsats": "laesning"})) == ["Lektiecafé"]
    assert listed(anonymous.get(ROLES, {"boern": "ja"})) == ["Lektiecafé"]
    assert listed(anonymous.get(ROLES, {"boern": "nej"})) == ["IT-hjælp"]
    assert listed(anonymous.get(ROLES, {"q": "mitid"})) == ["IT-hjælp"]


def test_an_unknown_filter_value_is_ignored_and_the_rest_apply(anonymous, own_branch):
    RoleFactory(title="Lektiecafé", branch=own_branch)

    response = anonymous.get(ROLES, {"filial": "findes-ikke"})

    assert response.status_code == 200
    assert listed(response) == ["Lektiecafé"]


def test_the_public_list_has_an_empty_state(anonymous):
    page = anonymous.get(ROLES).content.decode()

    assert "Vi søger ikke frivillige lige nu." in page


def test_a_filter_that_matches_nothing_says_so(anonymous):
    RoleFactory(title="Lektiecafé")

    page = anonymous.get(ROLES, {"q": "astronaut"}).content.decode()

    assert "Ingen roller passer til det, du har valgt." in page


def test_the_public_list_is_paginated(anonymous):
    for n in range(25):
        RoleFactory(title=f"Rolle {n:02d}")

    first, second = anonymous.get(ROLES), anonymous.get(ROLES, {"side": 2})

    assert len(listed(first)) == 20 and len(listed(second)) == 5


@pytest.mark.parametrize("rows", [1, 50])
def test_the_public_list_query_count_does_not_grow_with_rows(
    anonymous, rows, django_assert_max_num_queries
):
    area = FocusAreaFactory()
    for _ in range(rows):
        role = RoleFactory()
        role.target_groups.set([group(TargetGroupKind.ADULTS), group(TargetGroupKind.SENIORS)])
        role.focus_areas.set([area])
    # 8 queries, whatever the number of rows: the library (context processor); the count and
    # the page of open roles joined with their branch; one prefetch each for target groups and
    # focus areas; the filter form's branches, target groups and focus areas.
    with django_assert_max_num_queries(8):
        response = anonymous.get(ROLES)
    assert len(listed(response)) == min(rows, 20)


def test_the_citizen_menu_offers_volunteering(anonymous):
    page = anonymous.get("/").content.decode()

    assert 'href="/frivillig/"' in page and "Bliv frivillig" in page


# --- The public role page -----------------------------------------------------------------------


def test_the_role_page_describes_the_role(anonymous, own_branch):
    contact = StaffFactory(name="Anders Kontakt", title="Bibliotekar")
    role = RoleFactory(
        title="Højtlæser for børn",
        slug="hoejtlaeser",
        purpose="Flere børn skal opleve glæden ved at blive læst højt for.",
        tasks="Læse højt for børnehavebørn hver torsdag.",
        time_commitment="1 time om ugen",
        skills_wanted="Du kan lide at læse højt.",
        library_offers="Kursus i højtlæsning.",
        contact_person=contact,
        branch=own_branch,
        involves_children=True,
        minimum_age=18,
    )
    role.target_groups.set([group(TargetGroupKind.CHILDREN_0_5)])

    page = anonymous.get("/frivillig/hoejtlaeser/").content.decode()

    for text in [
        "Flere børn skal opleve glæden",
        "Læse højt for børnehavebørn",
        "1 time om ugen",
        "Du kan lide at læse højt.",
        "Kursus i højtlæsning.",
        "Anders Kontakt, Bibliotekar",
        "Vestamager Bibliotek",
        "Børn 0-5 år",
        "Børneattest",
        "mindst 18 år",
        'href="/frivillig/hoejtlaeser/ansoeg/"',
    ]:
        assert text in page, text


def test_a_role_without_children_has_no_certificate_notice(anonymous):
    role = RoleFactory(involves_children=False)

    page = anonymous.get(role.get_absolute_url()).content.decode()

    assert "Børneattest" not in page


@pytest.mark.parametrize(
    "status, notice", [(RoleStatus.PAUSED, "sat på pause"), (RoleStatus.CLOSED, "lukket")]
)
def test_a_paused_or_closed_role_says_so_and_offers_no_application(anonymous, status, notice):
    role = RoleFactory(status=status)

    page = anonymous.get(role.get_absolute_url()).content.decode()

    assert notice in page
    assert f"/frivillig/{role.slug}/ansoeg/" not in page


def test_an_unknown_role_is_404(anonymous):
    assert anonymous.get("/frivillig/findes-ikke/").status_code == 404


def test_the_fixed_volunteer_pages_win_over_role_slugs(anonymous):
    assert anonymous.get("/frivillig/om-frivillighed/").status_code == 200


# --- The back office: list ----------------------------------------------------------------------


def test_staff_see_every_role_and_citizens_get_404(staff, citizen):
    RoleFactory(title="Lektiecafé")
    RoleFactory(title="Bogbus-hjælper", status=RoleStatus.CLOSED)

    response = staff.get(STAFF_ROLES)

    assert sorted(listed(response)) == ["Bogbus-hjælper", "Lektiecafé"]
    assert citizen.get(STAFF_ROLES).status_code == 404


def test_the_back_office_list_filters(staff, own_branch, other_branch):
    team = TeamFactory()
    RoleFactory(title="Lektiecafé", branch=own_branch)
    RoleFactory(title="IT-hjælp", branch=other_branch, team=team, status=RoleStatus.PAUSED)

    assert listed(staff.get(STAFF_ROLES, {"branch": other_branch.pk})) == ["IT-hjælp"]
    assert listed(staff.get(STAFF_ROLES, {"team": team.pk})) == ["IT-hjælp"]
    assert listed(staff.get(STAFF_ROLES, {"status": "paused"})) == ["IT-hjælp"]
    assert listed(staff.get(STAFF_ROLES, {"q": "café"})) == ["Lektiecafé"]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_back_office_list_query_count_does_not_grow_with_rows(
    staff, rows, django_assert_max_num_queries
):
    team = TeamFactory()
    for _ in range(rows):
        RoleFactory(team=team)
    # 9 queries, whatever the number of rows: the session and the user; the library (context
    # processor); may this person create roles (branches led, teams coordinated); the count and
    # the page of roles joined with branch, team and contact person and with the waiting
    # applications counted; the filter form's branches and teams.
    with django_assert_max_num_queries(9):
        response = staff.get(STAFF_ROLES)
    assert len(listed(response)) == min(rows, 25)


# --- The back office: create --------------------------------------------------------------------


def role_data(branch, contact, **overrides) -> dict:
    data = {
        "title": "Erindringscafé-vært",
        "slug": "",
        "purpose": "Ældre borgere mødes og deler minder.",
        "tasks": "Byde velkommen, lave kaffe, sætte samtalen i gang.",
        "time_commitment": "2 timer hver anden onsdag",
        "skills_wanted": "",
        "library_offers": "Et kursus i at lede samtaler.",
        "contact_person": contact.pk,
        "branch": branch.pk,
        "team": "",
        "target_groups": [group(TargetGroupKind.SENIORS).pk],
        "minimum_age": "18",
        "activity": "",
        "spoergsmaal-TOTAL_FORMS": "2",
        "spoergsmaal-INITIAL_FORMS": "0",
        "spoergsmaal-0-text": "Hvad husker du bedst fra din barndom?",
        "spoergsmaal-0-required": "on",
        "spoergsmaal-1-text": "",
        "introduktion-TOTAL_FORMS": "2",
        "introduktion-INITIAL_FORMS": "0",
        "introduktion-0-text": "Mød din kontaktperson",
        "introduktion-1-text": "Rundvisning på biblioteket",
    }
    data.update(overrides)
    return data


def test_a_manager_creates_a_role_with_questions_and_a_checklist(manager, manager_user, own_branch):
    response = manager.post(STAFF_ROLES + "ny/", role_data(own_branch, manager_user))

    role = VolunteerRole.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{STAFF_ROLES}{role.pk}/"
    assert role.slug == "erindringscafe-vaert"
    assert role.status == RoleStatus.OPEN
    assert list(role.target_groups.values_list("kind", flat=True)) == ["seniors"]
    assert [(q.text, q.required) for q in role.questions.all()] == [
        ("Hvad husker du bedst fra din barndom?", True)
    ]
    assert [item.text for item in role.onboarding.all()] == [
        "Mød din kontaktperson",
        "Rundvisning på biblioteket",
    ]
    assert AuditEntry.objects.filter(action="volunteer_role_created").count() == 1


def test_a_tovholder_creates_roles_at_their_own_branch_only(
    tovholder, tovholder_user, own_branch, other_branch
):
    refused = tovholder.post(STAFF_ROLES + "ny/", role_data(other_branch, tovholder_user))
    created = tovholder.post(STAFF_ROLES + "ny/", role_data(own_branch, tovholder_user))

    assert "kun oprette og flytte roller" in field_errors(refused)["branch"]
    assert created.status_code == 302
    assert VolunteerRole.objects.get().branch == own_branch


def test_staff_who_lead_nothing_cannot_create_roles(staff, citizen):
    assert staff.get(STAFF_ROLES + "ny/").status_code == 403
    assert citizen.get(STAFF_ROLES + "ny/").status_code == 404


def test_a_slug_taken_by_another_page_is_refused(manager, manager_user, own_branch):
    response = manager.post(
        STAFF_ROLES + "ny/", role_data(own_branch, manager_user, slug="om-frivillighed")
    )

    assert "bruges af en anden side" in field_errors(response)["slug"]
    assert not VolunteerRole.objects.exists()


def test_the_contact_person_must_be_staff(manager, citizen_user, own_branch):
    response = manager.post(STAFF_ROLES + "ny/", role_data(own_branch, citizen_user))

    assert "contact_person" in field_errors(response)
    assert not VolunteerRole.objects.exists()


# --- The back office: edit ----------------------------------------------------------------------


def edit_data(role, **overrides) -> dict:
    questions = list(role.questions.all())
    items = list(role.onboarding.all())
    data = {
        "title": role.title,
        "slug": role.slug,
        "purpose": role.purpose,
        "tasks": role.tasks,
        "time_commitment": role.time_commitment,
        "skills_wanted": role.skills_wanted,
        "library_offers": role.library_offers,
        "contact_person": role.contact_person_id,
        "branch": role.branch_id,
        "team": role.team_id or "",
        "minimum_age": str(role.minimum_age),
        "activity": "",
        "spoergsmaal-TOTAL_FORMS": str(len(questions)),
        "spoergsmaal-INITIAL_FORMS": str(len(questions)),
        "introduktion-TOTAL_FORMS": str(len(items)),
        "introduktion-INITIAL_FORMS": str(len(items)),
    }
    for n, question in enumerate(questions):
        data[f"spoergsmaal-{n}-id"] = question.pk
        data[f"spoergsmaal-{n}-text"] = question.text
        if question.required:
            data[f"spoergsmaal-{n}-required"] = "on"
    for n, item in enumerate(items):
        data[f"introduktion-{n}-id"] = item.pk
        data[f"introduktion-{n}-text"] = item.text
    data.update(overrides)
    return data


@pytest.fixture
def role(own_branch):
    role = RoleFactory(title="Lektiecafé", branch=own_branch)
    RoleQuestion.objects.create(role=role, text="Hvilke fag?", order=0)
    OnboardingItem.objects.create(role=role, text="Mød din kontaktperson", order=0)
    return role


def test_the_edit_form_is_prefilled_with_the_role_and_its_rows(tovholder, role):
    values = form_values(tovholder.get(f"{STAFF_ROLES}{role.pk}/rediger/"))

    assert values["title"] == "Lektiecafé"
    assert values["spoergsmaal-0-text"] == "Hvilke fag?"
    assert values["introduktion-0-text"] == "Mød din kontaktperson"


def test_changing_the_purpose_makes_a_new_version_and_asks_for_new_agreements(
    tovholder, role, renewals
):
    response = tovholder.post(
        f"{STAFF_ROLES}{role.pk}/rediger/", edit_data(role, purpose="Et nyt formål.")
    )

    assert response.status_code == 302
    role.refresh_from_db()
    assert (role.purpose, role.version) == ("Et nyt formål.", 2)
    assert renewals == [{"reason": "role", "role": role, "acting_user": role.branch.tovholder}]


@pytest.mark.parametrize(
    "field, value",
    [("tasks", "Nye opgaver"), ("time_commitment", "3 timer"), ("library_offers", "Kaffe")],
)
def test_every_agreement_field_bumps_the_version(tovholder, role, renewals, field, value):
    tovholder.post(f"{STAFF_ROLES}{role.pk}/rediger/", edit_data(role, **{field: value}))

    role.refresh_from_db()
    assert role.version == 2
    assert len(renewals) == 1


def test_changing_only_the_title_keeps_the_version(tovholder, role, renewals):
    tovholder.post(f"{STAFF_ROLES}{role.pk}/rediger/", edit_data(role, title="Lektiehjælp"))

    role.refresh_from_db()
    assert (role.title, role.version) == ("Lektiehjælp", 1)
    assert renewals == []


def test_questions_can_be_changed_removed_and_added(tovholder, role, renewals):
    question = role.questions.get()
    data = edit_data(
        role,
        **{
            "spoergsmaal-TOTAL_FORMS": "2",
            "spoergsmaal-0-text": "Hvilke fag er du god til?",
            "spoergsmaal-0-required": "on",
            "spoergsmaal-1-text": "Har du været lektiehjælper før?",
            "introduktion-0-DELETE": "on",
        },
    )

    tovholder.post(f"{STAFF_ROLES}{role.pk}/rediger/", data)

    assert [(q.pk, q.text, q.required) for q in role.questions.all()][0] == (
        question.pk,
        "Hvilke fag er du god til?",
        True,
    )
    assert role.questions.count() == 2
    assert not role.onboarding.exists()


def test_the_koordinator_of_the_role_s_team_edits_it(client, role, renewals):
    koordinator = StaffFactory()
    role.team = TeamFactory(koordinator=koordinator)
    role.save()
    client.force_login(koordinator)

    response = client.post(f"{STAFF_ROLES}{role.pk}/rediger/", edit_data(role, title="Ny titel"))

    assert response.status_code == 302
    role.refresh_from_db()
    assert role.title == "Ny titel"


def test_other_staff_may_read_but_not_edit_a_role(staff, role):
    assert staff.get(f"{STAFF_ROLES}{role.pk}/").status_code == 200
    assert staff.get(f"{STAFF_ROLES}{role.pk}/rediger/").status_code == 403
    assert staff.post(f"{STAFF_ROLES}{role.pk}/rediger/", edit_data(role)).status_code == 403


def test_citizens_get_404_on_the_role_back_office(citizen, role):
    assert citizen.get(f"{STAFF_ROLES}{role.pk}/").status_code == 404
    assert citizen.post(f"{STAFF_ROLES}{role.pk}/rediger/", edit_data(role)).status_code == 404


# --- The back office: status --------------------------------------------------------------------


def test_the_tovholder_pauses_and_reopens_a_role(tovholder, role):
    url = f"{STAFF_ROLES}{role.pk}/status/"

    assert tovholder.get(url).status_code == 405
    tovholder.post(url, {"status": "paused"})
    role.refresh_from_db()
    assert role.status == RoleStatus.PAUSED
    tovholder.post(url, {"status": "open"})
    role.refresh_from_db()
    assert role.status == RoleStatus.OPEN


def test_status_changes_are_for_those_who_lead_the_role(staff, citizen, role):
    url = f"{STAFF_ROLES}{role.pk}/status/"

    assert staff.post(url, {"status": "closed"}).status_code == 403
    assert citizen.post(url, {"status": "closed"}).status_code == 404
    role.refresh_from_db()
    assert role.status == RoleStatus.OPEN
