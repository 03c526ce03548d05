"""The staff pages under /personale/aktiviteter/: access, list, create, edit, attendance, cancel."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from accounts.models import AuditEntry
from activities.models import Activity, ActivityStatus
from initiatives import services as initiative_services
from initiatives.models import Status
from organisation.models import TargetGroup, TargetGroupKind
from tests.activities.factories import ActivityFactory, CoHostFactory, in_days
from tests.factories import BranchFactory, FocusAreaFactory, UserFactory
from tests.html import error_summary, field_errors, form_values

pytestmark = pytest.mark.django_db

BASE = "/personale/aktiviteter/"


def page_url(name: str, pk: int | None = None) -> str:
    suffix = {
        "list": "",
        "create": "ny/",
        "detail": "{pk}/",
        "edit": "{pk}/rediger/",
        "attendance": "{pk}/fremmoede/",
        "cancel": "{pk}/aflys/",
    }[name]
    return BASE + suffix.format(pk=pk)


def audit(action: str, activity: Activity) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            action=action, target_type="activities.activity", target_id=str(activity.pk)
        )
    )


def success_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def started():
    """An activity that began an hour ago."""
    now = timezone.now()
    return ActivityFactory(
        title="Erindringscafé",
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=1),
    )


# --- Access --------------------------------------------------------------------------------------

PAGES = ["list", "create", "detail", "edit", "attendance"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_people_are_sent_to_the_login_page(anonymous, name):
    activity = ActivityFactory()
    response = anonymous.get(page_url(name, activity.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")


@pytest.mark.parametrize("name", PAGES)
def test_citizens_do_not_learn_that_the_staff_pages_exist(citizen, name):
    activity = ActivityFactory()
    assert citizen.get(page_url(name, activity.pk)).status_code == 404


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ["staff", "tovholder", "manager"])
def test_every_staff_member_may_open_every_staff_page(request, persona, name):
    client = request.getfixturevalue(persona)
    activity = ActivityFactory(is_public=False)
    assert client.get(page_url(name, activity.pk)).status_code == 200


@pytest.mark.parametrize("name", ["detail", "edit", "attendance", "cancel"])
def test_an_unknown_activity_is_not_found(staff, name):
    assert staff.post(page_url(name, 999999)).status_code == 404


def test_cancelling_is_post_only(staff, anonymous, citizen):
    activity = ActivityFactory()
    url = page_url("cancel", activity.pk)

    assert staff.get(url).status_code == 405
    assert anonymous.post(url, {"reason": "Syg"})["Location"].startswith("/konto/login/")
    assert citizen.post(url, {"reason": "Syg"}).status_code == 404
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED


@pytest.mark.parametrize("name", ["create", "edit", "attendance"])
def test_citizens_cannot_change_anything(citizen, started, name):
    response = citizen.post(
        page_url(name, started.pk),
        {"title": "Kapret", "attendance_total": 5, "attendance_children": 0},
    )
    assert response.status_code == 404
    started.refresh_from_db()
    assert started.title == "Erindringscafé"
    assert started.attendance_total is None
    assert not AuditEntry.objects.exists()


# --- List ----------------------------------------------------------------------------------------


def listed(response) -> list[str]:
    return re.findall(r'<td><a href="/personale/aktiviteter/\d+/">([^<]+)</a>', response.text)


def test_the_list_shows_upcoming_activities_including_internal_ones(staff):
    ActivityFactory(title="Offentlig", starts_at=in_days(3))
    ActivityFactory(title="Intern", is_public=False, starts_at=in_days(1))
    ActivityFactory(title="Overstået", starts_at=in_days(-3))

    assert listed(staff.get(BASE)) == ["Intern", "Offentlig"]


def test_the_list_searches_and_filters(staff):
    vestamager = BranchFactory(slug="vestamager")
    ActivityFactory(title="Strikkeklub", branch=vestamager)
    ActivityFactory(title="Sprogcafé", description="Øv dansk")
    ActivityFactory(title="Aflyst foredrag", status=ActivityStatus.CANCELLED)
    ActivityFactory(title="Holdt for længe siden", starts_at=in_days(-30))

    assert listed(staff.get(BASE, {"q": "dansk"})) == ["Sprogcafé"]
    assert listed(staff.get(BASE, {"filial": vestamager.pk})) == ["Strikkeklub"]
    assert listed(staff.get(BASE, {"status": "cancelled"})) == ["Aflyst foredrag"]
    assert listed(staff.get(BASE, {"periode": "tidligere"})) == ["Holdt for længe siden"]


def test_needs_attendance_lists_past_planned_activities_nobody_has_counted(staff):
    ActivityFactory(title="Mangler tal", starts_at=in_days(-2))
    ActivityFactory(
        title="Talt op",
        starts_at=in_days(-2),
        status=ActivityStatus.HELD,
        attendance_total=10,
        attendance_children=2,
        attendance_recorded_at=timezone.now(),
    )
    ActivityFactory(title="Aflyst", starts_at=in_days(-2), status=ActivityStatus.CANCELLED)
    ActivityFactory(title="Kommende", starts_at=in_days(2))

    response = staff.get(BASE, {"periode": "mangler-fremmoede"})

    assert listed(response) == ["Mangler tal"]
    assert "Registrér fremmøde" in response.text


def test_an_empty_list_says_what_to_do(staff):
    response = staff.get(BASE)
    assert "Der er ingen kommende aktiviteter." in response.text
    assert 'href="/personale/aktiviteter/ny/"' in response.text


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_query_count_does_not_grow_with_rows(staff, rows, django_assert_max_num_queries):
    for _ in range(rows):
        ActivityFactory()
    # 6 queries, whatever the number of rows: the session and the user; the library (context
    # processor); the count and the page of activities joined with their branch; the branches
    # for the filter.
    with django_assert_max_num_queries(6):
        response = staff.get(BASE)
    assert len(listed(response)) == min(rows, 25)


# --- Create and edit -----------------------------------------------------------------------------


def _form_data(branch, **overrides) -> dict:
    start = in_days(10, hour=17)
    data = {
        "title": "Scenen er din: Fortællinger fra Amager",
        "description": "Borgere fortæller om livet på Amager.",
        "branch": branch.pk,
        "place": "Salen, 1. sal",
        "starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(start + datetime.timedelta(minutes=90)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "target_groups": [TargetGroup.objects.get(kind=TargetGroupKind.ADULTS).pk],
        "is_public": "on",
        "medarrangoerer-TOTAL_FORMS": "2",
        "medarrangoerer-INITIAL_FORMS": "0",
        "medarrangoerer-MIN_NUM_FORMS": "0",
        "medarrangoerer-MAX_NUM_FORMS": "20",
        "medarrangoerer-0-kind": "citizen",
        "medarrangoerer-0-name": "Inger Hansen",
        "medarrangoerer-0-email": "",
        "medarrangoerer-0-show_publicly": "on",
        "medarrangoerer-1-kind": "citizen",
        "medarrangoerer-1-name": "",
        "medarrangoerer-1-email": "",
    }
    data.update(overrides)
    return data


def test_staff_create_an_activity_with_co_hosts(staff, staff_user, own_branch):
    area = FocusAreaFactory(slug="samskabelse")
    volunteer = UserFactory(email="frivillig@example.dk")
    data = _form_data(
        own_branch,
        focus_areas=[area.pk],
        **{
            "medarrangoerer-1-kind": "volunteer",
            "medarrangoerer-1-name": "Poul Andersen",
            "medarrangoerer-1-email": "Frivillig@Example.dk",
        },
    )

    response = staff.post(page_url("create"), data)

    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page_url("detail", activity.pk)
    assert activity.title == "Scenen er din: Fortællinger fra Amager"
    assert timezone.localtime(activity.starts_at).hour == 17
    assert activity.ends_at - activity.starts_at == datetime.timedelta(minutes=90)
    assert activity.created_by == staff_user
    assert list(activity.focus_areas.all()) == [area]
    assert [g.kind for g in activity.target_groups.all()] == ["adults"]
    cohosts = {c.name: c for c in activity.cohosts.all()}
    assert cohosts["Inger Hansen"].show_publicly
    assert cohosts["Poul Andersen"].user == volunteer
    assert not cohosts["Poul Andersen"].show_publicly
    assert len(audit("activity_created", activity)) == 1
    assert "Aktiviteten Scenen er din: Fortællinger fra Amager er oprettet." in (
        success_messages(response)
    )


def test_an_end_before_the_start_is_refused_in_danish_and_the_input_is_kept(staff, own_branch):
    data = _form_data(own_branch)
    data["ends_at"] = data["starts_at"]

    response = staff.post(page_url("create"), data)

    assert response.status_code == 200
    assert field_errors(response)["ends_at"] == "Aktiviteten skal slutte efter, den starter."
    values = form_values(response)
    assert values["title"] == data["title"]
    assert values["starts_at"] == data["starts_at"]
    assert values["medarrangoerer-0-name"] == "Inger Hansen"
    assert not Activity.objects.exists()


def test_a_missing_title_and_bad_dates_are_listed_in_the_error_summary(staff, own_branch):
    data = _form_data(own_branch, title="", starts_at="31.02.2030 17:00")

    response = staff.post(page_url("create"), data)

    summary = error_summary(response)
    assert "Titel: Dette felt er påkrævet." in summary
    assert any(line.startswith("Starter:") for line in summary)
    assert not Activity.objects.exists()


def test_an_unknown_co_host_account_is_refused_and_nothing_is_saved(staff, own_branch):
    data = _form_data(own_branch, **{"medarrangoerer-0-email": "ukendt@example.dk"})

    response = staff.post(page_url("create"), data)

    assert response.status_code == 200
    assert field_errors(response)["medarrangoerer-0-email"].startswith(
        "Der er ingen konto med den e-mail."
    )
    assert "Ret fejlene under medarrangører." in error_summary(response)
    assert form_values(response)["title"] == data["title"]
    assert not Activity.objects.exists()


def test_staff_edit_an_activity_and_remove_a_co_host(staff, own_branch):
    activity = ActivityFactory(title="Gammel titel", branch=own_branch)
    CoHostFactory(activity=activity, name="Tårnby Lokalhistoriske Forening")
    form = staff.get(page_url("edit", activity.pk))
    assert form_values(form)["medarrangoerer-0-name"] == "Tårnby Lokalhistoriske Forening"

    data = _form_data(
        own_branch,
        title="Ny titel",
        **{
            "medarrangoerer-TOTAL_FORMS": "1",
            "medarrangoerer-INITIAL_FORMS": "1",
            "medarrangoerer-0-kind": "partner",
            "medarrangoerer-0-name": "Tårnby Lokalhistoriske Forening",
            "medarrangoerer-0-DELETE": "on",
        },
    )
    response = staff.post(page_url("edit", activity.pk), data)

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Ny titel"
    assert not activity.cohosts.exists()
    assert len(audit("activity_updated", activity)) == 1
    assert "Ændringerne er gemt." in success_messages(response)


def test_the_audit_log_names_only_the_fields_that_changed(staff, own_branch):
    activity = ActivityFactory(
        title="Læsekreds",
        branch=own_branch,
        target_groups=[TargetGroup.objects.get(kind=TargetGroupKind.ADULTS)],
    )
    CoHostFactory(activity=activity, name="Tårnby Lokalhistoriske Forening")
    data = form_values(staff.get(page_url("edit", activity.pk)))
    data["title"] = "Læsekreds: Nordiske krimier"

    response = staff.post(page_url("edit", activity.pk), data)

    assert response.status_code == 302
    assert list(audit("activity_updated", activity)[0].changes) == ["title"]
    activity.refresh_from_db()
    assert [g.kind for g in activity.target_groups.all()] == ["adults"]
    assert [c.name for c in activity.cohosts.all()] == ["Tårnby Lokalhistoriske Forening"]


def test_a_cancelled_activity_cannot_be_edited(staff, own_branch):
    activity = ActivityFactory(
        title="Aflyst", status=ActivityStatus.CANCELLED, cancel_reason="Syg", branch=own_branch
    )

    page = staff.get(page_url("edit", activity.pk))
    response = staff.post(page_url("edit", activity.pk), _form_data(own_branch, title="Nyt"))

    assert "kan ikke ændres" in page.text
    assert response.status_code == 200
    activity.refresh_from_db()
    assert activity.title == "Aflyst"
    assert not audit("activity_updated", activity)


# --- Detail --------------------------------------------------------------------------------------


def test_the_detail_page_shows_everything_staff_need(staff, staff_user):
    activity = ActivityFactory(
        title="Lektiecafé",
        is_public=False,
        starts_at=in_days(-2),
        status=ActivityStatus.HELD,
        attendance_total=14,
        attendance_children=12,
        evaluation="Vi skal være tre frivillige.",
        attendance_recorded_at=timezone.now(),
        attendance_recorded_by=staff_user,
    )
    CoHostFactory(activity=activity, kind="volunteer", name="Mette Jensen", show_publicly=False)

    response = staff.get(page_url("detail", activity.pk))

    assert "Intern – vises ikke for borgerne" in response.text
    assert "Mette Jensen" in response.text
    assert ">14<" in response.text and ">12<" in response.text
    assert "Vi skal være tre frivillige." in response.text
    assert "Se den offentlige side" not in response.text


def test_the_detail_page_links_the_initiatives_behind_the_activity(staff, staff_user, own_branch):
    initiative = initiative_services.initiative_submit(
        data={
            "title": "Fortælleaftener",
            "description": "Borgere fortæller.",
            "contact_name": "Inger Hansen",
            "contact_email": "inger@example.dk",
        }
    )
    activity = initiative_services.initiative_create_activity(
        initiative=initiative,
        acting_user=staff_user,
        title="Scenen er din",
        description="Første aften.",
        branch=own_branch,
        starts_at=in_days(5),
        ends_at=in_days(5) + datetime.timedelta(hours=2),
    )

    response = staff.get(page_url("detail", activity.pk))

    assert f'href="/personale/initiativer/{initiative.pk}/"' in response.text
    assert "Fortælleaftener" in response.text


# --- Attendance ----------------------------------------------------------------------------------


def test_staff_record_attendance_after_the_activity_has_begun(staff, staff_user, started):
    response = staff.post(
        page_url("attendance", started.pk),
        {"attendance_total": "18", "attendance_children": "3", "evaluation": "Godt."},
    )

    assert response.status_code == 302
    started.refresh_from_db()
    assert (started.attendance_total, started.attendance_children) == (18, 3)
    assert started.status == ActivityStatus.HELD
    assert started.attendance_recorded_by == staff_user
    assert len(audit("activity_attendance_recorded", started)) == 1
    assert "Fremmødet er registreret. Tak!" in success_messages(response)


def test_attendance_before_the_start_is_refused_with_the_services_message(staff):
    activity = ActivityFactory(starts_at=in_days(2))

    page = staff.get(page_url("attendance", activity.pk))
    response = staff.post(
        page_url("attendance", activity.pk),
        {"attendance_total": "10", "attendance_children": "0"},
    )

    assert "Aktiviteten er ikke begyndt endnu." in page.text
    assert response.status_code == 200
    assert error_summary(response) == [
        "Fremmøde kan først registreres, når aktiviteten er begyndt."
    ]
    activity.refresh_from_db()
    assert activity.attendance_total is None
    assert activity.status == ActivityStatus.PLANNED
    assert not AuditEntry.objects.exists()


def test_more_children_than_participants_is_refused_in_danish_and_kept(staff, started):
    response = staff.post(
        page_url("attendance", started.pk),
        {"attendance_total": "5", "attendance_children": "8", "evaluation": "Hyggeligt"},
    )

    assert response.status_code == 200
    assert error_summary(response) == ["Antallet af børn kan ikke være større end antallet i alt."]
    values = form_values(response)
    assert (values["attendance_total"], values["attendance_children"]) == ("5", "8")
    assert values["evaluation"] == "Hyggeligt"
    started.refresh_from_db()
    assert started.attendance_total is None


def test_negative_or_missing_numbers_are_refused(staff, started):
    response = staff.post(
        page_url("attendance", started.pk), {"attendance_total": "-1", "attendance_children": ""}
    )

    errors = field_errors(response)
    assert set(errors) == {"attendance_total", "attendance_children"}
    started.refresh_from_db()
    assert started.attendance_total is None


@pytest.mark.parametrize(
    ("evaluation", "expected"), [("", Status.HELD), ("Stor succes.", Status.EVALUATED)]
)
def test_attendance_moves_a_scheduled_initiative_along(
    staff, staff_user, own_branch, evaluation, expected, django_capture_on_commit_callbacks
):
    initiative = initiative_services.initiative_submit(
        data={
            "title": "Erindringscafé",
            "description": "Minder om Kastrup.",
            "contact_name": "Inger Hansen",
            "contact_email": "inger@example.dk",
        }
    )
    now = timezone.now()
    activity = initiative_services.initiative_create_activity(
        initiative=initiative,
        acting_user=staff_user,
        title="Erindringscafé",
        description="Minder om Kastrup.",
        branch=own_branch,
        starts_at=now - datetime.timedelta(hours=2),
        ends_at=now - datetime.timedelta(hours=1),
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.SCHEDULED

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            page_url("attendance", activity.pk),
            {"attendance_total": "20", "attendance_children": "0", "evaluation": evaluation},
        )

    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == expected


# --- Cancel --------------------------------------------------------------------------------------


def test_staff_cancel_with_a_reason_and_the_calendar_says_so(staff, anonymous):
    activity = ActivityFactory(title="Forfatteraften")

    response = staff.post(page_url("cancel", activity.pk), {"reason": "Forfatteren er syg."})

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CANCELLED
    assert activity.cancel_reason == "Forfatteren er syg."
    assert len(audit("activity_cancelled", activity)) == 1
    assert "Aktiviteten Forfatteraften er aflyst." in success_messages(response)
    assert "Forfatteraften" not in anonymous.get("/arrangementer/").text
    assert "Forfatteren er syg." in anonymous.get(f"/arrangementer/{activity.pk}/").text


def test_cancelling_without_a_reason_is_refused(staff):
    activity = ActivityFactory()

    response = staff.post(page_url("cancel", activity.pk), {"reason": "   "})

    assert response.status_code == 200
    assert field_errors(response)["reason"] == "Skriv hvorfor aktiviteten aflyses."
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED
    assert not AuditEntry.objects.exists()


def test_a_held_activity_cannot_be_cancelled(staff):
    activity = ActivityFactory(
        starts_at=in_days(-1), status=ActivityStatus.HELD, attendance_total=3
    )

    response = staff.post(page_url("cancel", activity.pk), {"reason": "For sent"})

    assert response.status_code == 200
    assert error_summary(response) == ["Kun en planlagt aktivitet kan aflyses."]
    assert form_values(response)["reason"] == "For sent"
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.HELD
