"""Focus areas (indsatsområder) and their measurable targets: read by staff, kept by managers."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from organisation.models import FocusArea, FocusTarget, TargetPeriod
from tests.factories import FocusAreaFactory, FocusTargetFactory
from tests.html import field_errors, form_values

pytestmark = pytest.mark.django_db

LIST = reverse("staff:focus_area_list")
CREATE = reverse("staff:focus_area_create")


def detail(area):
    return reverse("staff:focus_area_detail", args=[area.pk])


def edit(area):
    return reverse("staff:focus_area_edit", args=[area.pk])


@pytest.fixture
def area():
    area = FocusAreaFactory(name="Frivillighed", slug="frivillighed", summary="Frivillige")
    FocusTargetFactory(
        focus_area=area, description="Aktive frivillige", target_value=40, unit="frivillige"
    )
    return area


def focus_area_form(area=None, *, targets=(), initial_forms=0, **changes):
    """The posted page: the focus area's fields and the target rows (formset prefix 'maal')."""
    data = {
        "name": "Samskabelse",
        "slug": "",
        "summary": "Vi skaber bibliotekets tilbud sammen med borgerne.",
        "description": "",
        "starts_on": "2025-01-01",
        "ends_on": "2028-12-31",
        "order": "0",
        "is_active": "on",
    }
    if area is not None:
        data.update(
            name=area.name,
            slug=area.slug,
            summary=area.summary,
            description=area.description,
            starts_on=area.starts_on.isoformat() if area.starts_on else "",
            ends_on=area.ends_on.isoformat() if area.ends_on else "",
            order=str(area.order),
        )
    data.update(changes)
    data.update(
        {
            "maal-TOTAL_FORMS": str(len(targets)),
            "maal-INITIAL_FORMS": str(initial_forms),
            "maal-MIN_NUM_FORMS": "0",
            "maal-MAX_NUM_FORMS": "20",
        }
    )
    for index, row in enumerate(targets):
        for key, value in row.items():
            data[f"maal-{index}-{key}"] = value
    return data


def target_row(target=None, **values):
    row = {"id": "", "description": "", "target_value": "", "unit": "", "period": "year"}
    if target is not None:
        row.update(
            id=str(target.pk),
            description=target.description,
            target_value=str(target.target_value),
            unit=target.unit,
            period=target.period,
        )
    row.update(values)
    return row


# --- Who may do what --------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["list", "detail", "create", "edit"])
def test_anonymous_visitor_is_sent_to_login(anonymous, area, page):
    path = {"list": LIST, "detail": detail(area), "create": CREATE, "edit": edit(area)}
    response = anonymous.get(path[page])
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={path[page]}"


@pytest.mark.parametrize("page", ["list", "detail", "create", "edit"])
def test_citizen_gets_404(citizen, area, page):
    path = {"list": LIST, "detail": detail(area), "create": CREATE, "edit": edit(area)}
    assert citizen.get(path[page]).status_code == 404


def test_staff_reads_focus_areas_with_their_targets(staff, area):
    listing = staff.get(LIST).content.decode()
    assert "Frivillighed" in listing
    assert "Aktive frivillige: 40 frivillige om året" in listing
    page = staff.get(detail(area))
    assert page.status_code == 200
    assert "Aktive frivillige" in page.content.decode()
    assert edit(area) not in page.content.decode()


@pytest.mark.parametrize("persona", ["staff", "tovholder"])
def test_only_managers_change_focus_areas(request, persona, area):
    client = request.getfixturevalue(persona)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, focus_area_form()).status_code == 403
    assert client.get(edit(area)).status_code == 403
    response = client.post(edit(area), focus_area_form(area, name="Omdøbt"))
    assert response.status_code == 403
    area.refresh_from_db()
    assert area.name == "Frivillighed"
    assert FocusArea.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_manager_may_do_everything(manager, area):
    for path in [LIST, detail(area), CREATE, edit(area)]:
        assert manager.get(path).status_code == 200, path


# --- Creating and editing ---------------------------------------------------------------------


def test_manager_creates_a_focus_area_with_targets(manager, manager_user):
    data = focus_area_form(
        targets=[
            target_row(description="Børn, der deltager", target_value="10000", unit="børn"),
            target_row(),  # an empty row is not saved
        ]
    )
    response = manager.post(CREATE, data)
    area = FocusArea.objects.get(name="Samskabelse")
    assert response.status_code == 302
    assert response["Location"] == detail(area)
    assert area.slug == "samskabelse"
    assert (area.starts_on, area.ends_on) == (
        datetime.date(2025, 1, 1),
        datetime.date(2028, 12, 31),
    )
    assert [(t.description, t.target_value, t.unit) for t in area.targets.all()] == [
        ("Børn, der deltager", 10000, "børn")
    ]
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action) == (manager_user, "focus_area_created")
    assert entry.changes["target:Børn, der deltager"]["target_value"] == [None, 10000]


def test_edit_keeps_changes_adds_and_removes_targets(manager, manager_user, area):
    kept = area.targets.get()
    dropped = FocusTargetFactory(focus_area=area, description="Timer", target_value=5, unit="t")
    data = focus_area_form(
        area,
        initial_forms=2,
        targets=[
            target_row(kept, target_value="50"),
            target_row(dropped, DELETE="on"),
            target_row(description="Nye frivillige", target_value="10", unit="frivillige"),
        ],
    )
    response = manager.post(edit(area), data)
    assert response.status_code == 302
    targets = list(area.targets.order_by("order"))
    assert [(t.description, t.target_value) for t in targets] == [
        ("Aktive frivillige", 50),
        ("Nye frivillige", 10),
    ]
    assert targets[0].pk == kept.pk  # edited in place, not replaced
    assert not FocusTarget.objects.filter(pk=dropped.pk).exists()
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action) == (manager_user, "focus_area_updated")
    assert entry.changes["target:Aktive frivillige"] == {"target_value": [40, 50]}
    assert entry.changes["target:Timer"] == "removed"
    assert "target:Nye frivillige" in entry.changes


def test_an_end_before_the_start_is_refused_in_danish_and_the_form_keeps_the_rest(manager):
    data = focus_area_form(
        name="Læselyst",
        starts_on="2026-06-01",
        ends_on="2025-01-01",
        targets=[target_row(description="Læsere", target_value="100", unit="læsere")],
    )
    response = manager.post(CREATE, data)
    assert response.status_code == 200
    assert field_errors(response) == {"ends_on": "Slutdatoen skal ligge efter startdatoen."}
    shown = form_values(response)
    assert shown["name"] == "Læselyst"
    assert shown["starts_on"] == "2026-06-01"
    assert shown["maal-0-description"] == "Læsere"
    assert not FocusArea.objects.exists()


def test_a_target_without_a_value_is_refused_and_nothing_is_saved(manager, area):
    data = focus_area_form(
        area,
        name="Frivillighed og fællesskab",
        initial_forms=1,
        targets=[target_row(area.targets.get(), target_value="")],
    )
    response = manager.post(edit(area), data)
    assert response.status_code == 200
    assert field_errors(response)["maal-0-target_value"] == "Dette felt er påkrævet."
    assert form_values(response)["name"] == "Frivillighed og fællesskab"
    area.refresh_from_db()
    assert area.name == "Frivillighed"
    assert area.targets.get().target_value == 40


def test_a_target_of_another_focus_area_cannot_be_taken_over_by_its_id(manager, area):
    foreign = FocusTargetFactory(description="Andet mål", target_value=7)
    data = focus_area_form(
        area,
        initial_forms=1,
        targets=[target_row(foreign, description="Kapret", target_value="1")],
    )
    assert manager.post(edit(area), data).status_code == 302
    foreign.refresh_from_db()
    assert (foreign.description, foreign.target_value) == ("Andet mål", 7)
    assert foreign.focus_area != area


def test_period_choices_are_shown_in_danish(staff):
    area = FocusAreaFactory()
    FocusTargetFactory(focus_area=area, period=TargetPeriod.STRATEGY, unit="aftaler")
    assert "i strategiperioden" in staff.get(detail(area)).content.decode()
