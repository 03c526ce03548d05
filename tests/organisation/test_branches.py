"""Branches (filialer, bogbus) in the back office: who may see and change them, and how."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from organisation.models import Branch, BranchKind
from tests.factories import BranchFactory, StaffFactory, TeamFactory, UserFactory
from tests.html import error_summary, field_errors, form_values

pytestmark = pytest.mark.django_db

LIST = reverse("staff:branch_list")
CREATE = reverse("staff:branch_create")


def detail(branch):
    return reverse("staff:branch_detail", args=[branch.pk])


def edit(branch):
    return reverse("staff:branch_edit", args=[branch.pk])


def branch_form(branch=None, **changes):
    """What the form posts: the branch's current values (or a new branch), with changes."""
    data = {
        "name": "Kastrup Bibliotek",
        "slug": "",
        "kind": BranchKind.BRANCH,
        "address": "Alleen 3",
        "postcode": "2770",
        "city": "Kastrup",
        "email": "kastrup@example.dk",
        "phone": "32 46 00 00",
        "opening_hours": "Man-fre 10-19",
        "description": "",
        "tovholder": "",
        "is_active": "on",
    }
    if branch is not None:
        data.update(
            name=branch.name,
            slug=branch.slug,
            kind=branch.kind,
            address=branch.address,
            postcode=branch.postcode,
            city=branch.city,
            email=branch.email,
            phone=branch.phone,
            opening_hours=branch.opening_hours,
            description=branch.description,
            tovholder=branch.tovholder_id or "",
        )
    data.update(changes)
    return data


def assert_sent_to_login(response, path):
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={path}"


# --- Who may do what --------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["list", "detail", "create", "edit"])
def test_anonymous_visitor_is_sent_to_login(anonymous, own_branch, page):
    path = {"list": LIST, "detail": detail(own_branch), "create": CREATE, "edit": edit(own_branch)}
    response = anonymous.get(path[page])
    assert_sent_to_login(response, path[page])


@pytest.mark.parametrize("page", ["list", "detail", "create", "edit"])
def test_citizen_does_not_see_that_the_back_office_exists(citizen, own_branch, page):
    path = {"list": LIST, "detail": detail(own_branch), "create": CREATE, "edit": edit(own_branch)}
    assert citizen.get(path[page]).status_code == 404


def test_citizen_cannot_create_a_branch_by_posting(citizen):
    response = citizen.post(CREATE, branch_form())
    assert response.status_code == 404
    assert not Branch.objects.filter(name="Kastrup Bibliotek").exists()


def test_staff_can_read_branches(staff, own_branch):
    listing = staff.get(LIST)
    assert listing.status_code == 200
    assert own_branch.name in listing.content.decode()
    page = staff.get(detail(own_branch))
    assert page.status_code == 200
    assert own_branch.full_address in page.content.decode()


def test_staff_sees_no_create_or_edit_buttons(staff, own_branch):
    assert CREATE not in staff.get(LIST).content.decode()
    assert edit(own_branch) not in staff.get(detail(own_branch)).content.decode()


def test_staff_may_not_create_a_branch(staff):
    assert staff.get(CREATE).status_code == 403
    response = staff.post(CREATE, branch_form())
    assert response.status_code == 403
    assert not Branch.objects.filter(name="Kastrup Bibliotek").exists()


def test_staff_may_not_edit_a_branch(staff, own_branch):
    assert staff.get(edit(own_branch)).status_code == 403
    response = staff.post(edit(own_branch), branch_form(own_branch, name="Omdøbt"))
    assert response.status_code == 403
    own_branch.refresh_from_db()
    assert own_branch.name == "Vestamager Bibliotek"
    assert not AuditEntry.objects.exists()


def test_tovholder_may_edit_own_branch(tovholder, tovholder_user, own_branch):
    assert tovholder.get(edit(own_branch)).status_code == 200
    response = tovholder.post(
        edit(own_branch), branch_form(own_branch, opening_hours="Man-fre 12-18\nLør 10-13")
    )
    assert response.status_code == 302
    assert response["Location"] == detail(own_branch)
    own_branch.refresh_from_db()
    assert own_branch.opening_hours == "Man-fre 12-18\nLør 10-13"
    entry = AuditEntry.objects.get()
    assert entry.actor == tovholder_user
    assert entry.action == "branch_updated"
    assert entry.changes == {"opening_hours": ["", "Man-fre 12-18\nLør 10-13"]}


def test_tovholder_sees_the_edit_button_only_on_own_branch(tovholder, own_branch, other_branch):
    assert edit(own_branch) in tovholder.get(detail(own_branch)).content.decode()
    assert edit(other_branch) not in tovholder.get(detail(other_branch)).content.decode()


def test_tovholder_may_not_edit_another_branch(tovholder, other_branch):
    assert tovholder.get(edit(other_branch)).status_code == 403
    response = tovholder.post(edit(other_branch), branch_form(other_branch, name="Overtaget"))
    assert response.status_code == 403
    other_branch.refresh_from_db()
    assert other_branch.name == "Korsvejens Bibliotek"


def test_tovholder_may_not_create_a_branch(tovholder):
    assert tovholder.get(CREATE).status_code == 403


def test_tovholder_cannot_hand_the_branch_to_someone_else_or_close_it(
    tovholder, tovholder_user, own_branch
):
    successor = StaffFactory()
    data = branch_form(own_branch, tovholder=successor.pk, phone="32 46 05 60")
    del data["is_active"]  # an unticked checkbox is simply not posted
    response = tovholder.post(edit(own_branch), data)
    assert response.status_code == 302
    own_branch.refresh_from_db()
    assert own_branch.tovholder == tovholder_user
    assert own_branch.is_active is True
    assert own_branch.phone == "32 46 05 60"


def test_manager_may_do_everything(manager, own_branch, other_branch):
    for path in [LIST, detail(own_branch), CREATE, edit(own_branch), edit(other_branch)]:
        assert manager.get(path).status_code == 200, path


# --- Creating ---------------------------------------------------------------------------------


def test_manager_creates_a_branch_and_the_log_says_who(manager, manager_user, tovholder_user):
    response = manager.post(CREATE, branch_form(tovholder=tovholder_user.pk))
    branch = Branch.objects.get(name="Kastrup Bibliotek")
    assert response.status_code == 302
    assert response["Location"] == detail(branch)
    assert branch.slug == "kastrup-bibliotek"  # filled in from the name
    assert branch.tovholder == tovholder_user
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action) == (manager_user, "branch_created")
    assert (entry.target_type, entry.target_id) == ("organisation.branch", str(branch.pk))
    assert "Filialen Kastrup Bibliotek er oprettet." in manager.get(detail(branch)).content.decode()


def test_creating_with_a_bad_postcode_shows_a_danish_error_and_keeps_what_was_typed(manager):
    response = manager.post(CREATE, branch_form(postcode="27", opening_hours="Lør 10-14"))
    assert response.status_code == 200
    assert field_errors(response) == {"postcode": "Et postnummer er 4 cifre."}
    assert error_summary(response) == ["Postnummer: Et postnummer er 4 cifre."]
    shown = form_values(response)
    assert shown["name"] == "Kastrup Bibliotek"
    assert shown["address"] == "Alleen 3"
    assert shown["opening_hours"] == "Lør 10-14"
    assert shown["postcode"] == "27"
    assert not Branch.objects.exists()
    assert not AuditEntry.objects.exists()


def test_two_branches_cannot_share_a_short_name(manager, own_branch):
    response = manager.post(CREATE, branch_form(name="Ny filial", slug=own_branch.slug))
    assert response.status_code == 200
    assert field_errors(response)["slug"] == "Der findes allerede en filial med det korte navn."
    assert form_values(response)["name"] == "Ny filial"
    assert Branch.objects.count() == 1


def test_a_branch_without_a_name_is_refused_in_danish(manager):
    response = manager.post(CREATE, branch_form(name="", city="Tårnby"))
    assert response.status_code == 200
    assert field_errors(response)["name"] == "Dette felt er påkrævet."
    assert form_values(response)["city"] == "Tårnby"


# --- Editing ----------------------------------------------------------------------------------


def test_manager_edits_a_branch_and_the_log_holds_before_and_after(
    manager, manager_user, own_branch, tovholder_user
):
    successor = StaffFactory(name="Ny Tovholder")
    response = manager.post(
        edit(own_branch),
        branch_form(own_branch, name="Vestamager Kulturhus", tovholder=successor.pk),
    )
    assert response.status_code == 302
    own_branch.refresh_from_db()
    assert own_branch.name == "Vestamager Kulturhus"
    assert own_branch.tovholder == successor
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action) == (manager_user, "branch_updated")
    assert entry.changes == {
        "name": ["Vestamager Bibliotek", "Vestamager Kulturhus"],
        "tovholder": ["Sofie Tovholder", "Ny Tovholder"],
    }


def test_saving_without_changes_writes_no_log_entry(manager, own_branch):
    response = manager.post(edit(own_branch), branch_form(own_branch))
    assert response.status_code == 302
    assert not AuditEntry.objects.exists()


def test_editing_with_a_bad_email_keeps_the_stored_branch_and_the_typed_values(manager, own_branch):
    response = manager.post(
        edit(own_branch), branch_form(own_branch, name="Nyt navn", email="ikke-en-adresse")
    )
    assert response.status_code == 200
    assert field_errors(response) == {"email": "Angiv en gyldig e-mailadresse."}
    assert form_values(response)["name"] == "Nyt navn"
    own_branch.refresh_from_db()
    assert own_branch.name == "Vestamager Bibliotek"
    assert not AuditEntry.objects.exists()


def test_a_citizen_is_not_offered_as_tovholder(manager, own_branch):
    citizen = UserFactory(name="Borger Uden Ansættelse")
    page = manager.get(edit(own_branch)).content.decode()
    assert "Borger Uden Ansættelse" not in page
    response = manager.post(edit(own_branch), branch_form(own_branch, tovholder=citizen.pk))
    assert response.status_code == 200
    assert "tovholder" in field_errors(response)
    own_branch.refresh_from_db()
    assert own_branch.tovholder != citizen


def test_unknown_branch_is_404_for_staff(staff):
    assert staff.get(reverse("staff:branch_detail", args=[999])).status_code == 404


# --- Listing ----------------------------------------------------------------------------------


def test_list_search_and_type_filter_narrow_the_branches(staff):
    BranchFactory(name="Hovedbiblioteket", kind=BranchKind.MAIN, city="Kastrup")
    BranchFactory(name="Bogbussen", kind=BranchKind.MOBILE, city="")
    BranchFactory(name="Tårnby Bibliotek", city="Tårnby")
    by_type = staff.get(LIST, {"type": BranchKind.MOBILE}).content.decode()
    assert "Bogbussen" in by_type
    assert "Hovedbiblioteket" not in by_type
    by_search = staff.get(LIST, {"q": "tårnby"}).content.decode()
    assert "Tårnby Bibliotek" in by_search
    assert "Bogbussen" not in by_search


def test_closed_branches_are_hidden_unless_asked_for(staff):
    BranchFactory(name="Lukket Filial", is_active=False)
    assert "Lukket Filial" not in staff.get(LIST).content.decode()
    assert "Lukket Filial" in staff.get(LIST, {"vis": "alle"}).content.decode()


def test_list_counts_only_active_teams(staff, own_branch):
    TeamFactory(branch=own_branch)
    TeamFactory(branch=own_branch, is_active=False)
    row = staff.get(LIST).content.decode().split("Vestamager Bibliotek", 1)[1].split("</tr>")[0]
    assert row.rstrip().endswith("<td>1</td>")


def test_an_empty_name_is_the_only_error_when_the_short_name_is_left_empty(manager):
    response = manager.post(CREATE, branch_form(name="", slug=""))
    errors = field_errors(response)
    assert errors.get("name")
    assert "slug" not in errors
