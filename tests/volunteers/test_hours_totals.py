"""The totals report: approved hours per period, branch, role, focus area and volunteer, summed
in the database, with erased volunteers' hours under "Tidligere frivillige"."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from tests.factories import BranchFactory, FocusAreaFactory
from tests.volunteers.factories import HoursEntryFactory, RoleFactory, VolunteerFactory, approve
from volunteers.models import HoursStatus
from volunteers.services.hours import approved_hours, hours_totals
from volunteers.services.personal_data import volunteer_erase

pytestmark = pytest.mark.django_db

REPORT = "/personale/frivillige/timer/opgoerelse/"
YEAR = datetime.date.today().year - 1


def day(month, date):
    return datetime.date(YEAR, month, date)


@pytest.fixture
def world():
    """Two branches, three roles, two volunteers and an erased one's hours."""
    vestamager = BranchFactory(name="Vestamager")
    korsvejen = BranchFactory(name="Korsvejen")
    frivillighed = FocusAreaFactory(name="Frivillighed")
    samskabelse = FocusAreaFactory(name="Samskabelse")
    lektiecafe = RoleFactory(title="Lektiecafé", branch=vestamager)
    lektiecafe.focus_areas.set([frivillighed, samskabelse])
    it_hjaelp = RoleFactory(title="IT-hjælp", branch=korsvejen)
    it_hjaelp.focus_areas.set([frivillighed])
    makerspace = RoleFactory(title="Makerspace", branch=vestamager)
    anne = VolunteerFactory(user__name="Anne Andersen")
    bo = VolunteerFactory(user__name="Bo Bech")
    approved = HoursStatus.APPROVED
    HoursEntryFactory(volunteer=anne, role=lektiecafe, date=day(1, 10), hours=2, status=approved)
    HoursEntryFactory(volunteer=anne, role=it_hjaelp, date=day(2, 5), hours=3, status=approved)
    HoursEntryFactory(volunteer=bo, role=lektiecafe, date=day(4, 2), hours="1.5", status=approved)
    HoursEntryFactory(volunteer=bo, role=makerspace, date=day(4, 3), hours=1, status=approved)
    HoursEntryFactory(volunteer=None, role=it_hjaelp, date=day(2, 20), hours=4, status=approved)
    # Not counted: waiting, rejected, and outside the period.
    HoursEntryFactory(volunteer=anne, role=lektiecafe, date=day(3, 1), hours=10)
    HoursEntryFactory(
        volunteer=bo, role=lektiecafe, date=day(3, 2), hours=7, status=HoursStatus.REJECTED
    )
    HoursEntryFactory(
        volunteer=bo,
        role=lektiecafe,
        date=datetime.date(YEAR - 1, 12, 31),
        hours=9,
        status=approved,
    )
    return {
        "anne": anne,
        "bo": bo,
        "lektiecafe": lektiecafe,
        "it_hjaelp": it_hjaelp,
        "makerspace": makerspace,
        "vestamager": vestamager,
    }


def totals(period="month", **filters):
    entries = approved_hours(date_from=day(1, 1), date_to=day(12, 31), **filters)
    return hours_totals(entries, period=period)


def table(rows) -> dict[str, Decimal]:
    return {row["label"]: row["hours"] for row in rows}


def test_totals_per_role_branch_focus_area_and_volunteer(world):
    result = totals()

    assert result["total"]["hours"] == Decimal("11.5")
    assert result["total"]["entries"] == 5
    assert result["total"]["volunteers"] == 2
    assert result["total"]["anonymous_hours"] == Decimal("4")
    assert table(result["role"]) == {
        "IT-hjælp": Decimal("7"),
        "Lektiecafé": Decimal("3.5"),
        "Makerspace": Decimal("1"),
    }
    assert table(result["branch"]) == {"Korsvejen": Decimal("7"), "Vestamager": Decimal("4.5")}
    assert table(result["focus_area"]) == {
        "Frivillighed": Decimal("10.5"),
        "Samskabelse": Decimal("3.5"),
        "Uden indsatsområde": Decimal("1"),
    }
    assert table(result["volunteer"]) == {
        "Anne Andersen": Decimal("5"),
        "Bo Bech": Decimal("2.5"),
        "Tidligere frivillige": Decimal("4"),
    }
    # The rows without a name come last.
    assert result["volunteer"][-1]["label"] == "Tidligere frivillige"
    assert result["volunteer"][-1]["volunteers"] == 0


def test_totals_per_month_quarter_and_year(world):
    assert table(totals("month")["period"]) == {
        f"Januar {YEAR}": Decimal("2"),
        f"Februar {YEAR}": Decimal("7"),
        f"April {YEAR}": Decimal("2.5"),
    }
    assert table(totals("quarter")["period"]) == {
        f"1. kvartal {YEAR}": Decimal("9"),
        f"2. kvartal {YEAR}": Decimal("2.5"),
    }
    assert table(totals("year")["period"]) == {str(YEAR): Decimal("11.5")}


def test_totals_narrowed_to_a_branch_role_or_focus_area(world):
    assert totals(branch=world["vestamager"])["total"]["hours"] == Decimal("4.5")
    assert totals(role=world["it_hjaelp"])["total"]["hours"] == Decimal("7")
    samskabelse = world["lektiecafe"].focus_areas.get(name="Samskabelse")
    assert totals(focus_area=samskabelse)["total"]["hours"] == Decimal("3.5")


def test_an_erased_volunteers_hours_still_count_as_former_volunteers(world):
    anne = world["anne"]
    approve(anne, world["lektiecafe"])

    volunteer_erase(volunteer=anne, acting_user=anne.user)

    result = totals()
    assert result["total"]["hours"] == Decimal("11.5")
    assert result["total"]["anonymous_hours"] == Decimal("9")
    assert table(result["volunteer"]) == {
        "Bo Bech": Decimal("2.5"),
        "Tidligere frivillige": Decimal("9"),
    }
    assert table(result["role"])["IT-hjælp"] == Decimal("7")


def test_the_report_page_shows_the_tables(staff, world):
    response = staff.get(REPORT, {"fra": day(1, 1).isoformat(), "til": day(12, 31).isoformat()})

    page = response.content.decode()
    assert response.status_code == 200
    assert "11,50 timer fra 2 frivillige" in page
    assert "heraf 4 timer fra tidligere frivillige" in page
    for label in ["Tidligere frivillige", "Uden indsatsområde", "Korsvejen", f"Februar {YEAR}"]:
        assert label in page


def test_the_report_defaults_to_this_year(staff, world):
    response = staff.get(REPORT)
    assert "Ingen godkendte timer i perioden." in response.content.decode()


def test_each_table_downloads_as_csv(staff, world):
    response = staff.get(
        REPORT,
        {
            "fra": day(1, 1).isoformat(),
            "til": day(12, 31).isoformat(),
            "periode": "quarter",
            "csv": "focus_area",
        },
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Indsatsområde", "Timer", "Registreringer", "Frivillige"]
    assert ["Frivillighed", "10,50", "4", "2"] in rows
    assert ["Uden indsatsområde", "1,00", "1", "1"] in rows

    periods = staff.get(
        REPORT,
        {
            "fra": day(1, 1).isoformat(),
            "til": day(12, 31).isoformat(),
            "periode": "quarter",
            "csv": "period",
        },
    ).content.decode()
    assert f"1. kvartal {YEAR};9,00;3;1" in periods


def test_the_report_is_for_staff_only(citizen, anonymous):
    assert citizen.get(REPORT).status_code == 404
    assert anonymous.get(REPORT).status_code == 302


@pytest.mark.parametrize("rows", [1, 50])
def test_the_report_query_count_does_not_grow_with_rows(staff, rows, django_assert_max_num_queries):
    area = FocusAreaFactory()
    for _ in range(rows):
        role = RoleFactory()
        role.focus_areas.set([area])
        HoursEntryFactory(role=role, status=HoursStatus.APPROVED, hours=1)
    # 12 queries, whatever the number of rows: session and user; six aggregates (per period,
    # volunteer, role, branch, focus area, and the grand total); the library (layout); and
    # the branches, roles and focus areas for the filter's choices.
    with django_assert_max_num_queries(12):
        response = staff.get(REPORT)
    assert response.status_code == 200
    assert f"{rows} timer fra {rows} frivillig" in response.content.decode()
