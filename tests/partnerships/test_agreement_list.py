"""The staff list of agreements: every filter (expiring within N days to the day), the CSV
export of the filtered list for Danish Excel, who may see it, and a fixed number of queries."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from partnerships.models import Agreement, AgreementStatus
from tests.factories import BranchFactory, FocusAreaFactory, StaffFactory
from tests.html import field_errors
from tests.partnerships.factories import PartnerFactory, make_agreement

pytestmark = pytest.mark.django_db

URL = "/personale/aftaler/"
EXPORT = "/personale/aftaler/eksport/"


def _numbers(response) -> set[str]:
    html = response.content.decode()
    return {a.number for a in Agreement.objects.all() if f">{a.number}</a>" in html}


def _set(agreement, **fields):
    Agreement.objects.filter(pk=agreement.pk).update(**fields)
    agreement.refresh_from_db()
    return agreement


def test_filters_by_status_kind_partner_branch_focus_area_and_search(staff):
    branch = BranchFactory(name="Vestamager Bibliotek")
    focus = FocusAreaFactory(name="Børn og læsning")
    partner = PartnerFactory(name="Kastrup Skakklub")
    standard = make_agreement(title="Skak for børn", partner=partner, focus_areas=[focus])
    event = make_agreement(kind="event", title="Foredrag", branch=branch)
    active = _set(make_agreement(title="Lektiecafé"), status=AgreementStatus.ACTIVE)

    assert _numbers(staff.get(URL)) == {standard.number, event.number, active.number}
    assert _numbers(staff.get(URL, {"status": ["active"]})) == {active.number}
    assert _numbers(staff.get(URL, {"status": ["active", "draft"]})) == {
        standard.number,
        event.number,
        active.number,
    }
    assert _numbers(staff.get(URL, {"kind": "event"})) == {event.number}
    assert _numbers(staff.get(URL, {"partner": partner.pk})) == {standard.number}
    assert _numbers(staff.get(URL, {"branch": branch.pk})) == {event.number}
    assert _numbers(staff.get(URL, {"focus_area": focus.pk})) == {standard.number}
    assert _numbers(staff.get(URL, {"q": "skakklub"})) == {standard.number}
    assert _numbers(staff.get(URL, {"q": active.number})) == {active.number}
    response = staff.get(URL, {"kind": "rooms"})
    assert "Ingen aftaler passer til det, du har valgt." in response.content.decode()


def test_expiring_within_n_days_is_exact_to_the_day(staff):
    today = timezone.localdate()
    on_the_day = _set(
        make_agreement(title="Sidste dag"),
        status=AgreementStatus.ACTIVE,
        end_date=today + datetime.timedelta(days=30),
    )
    today_ends = _set(make_agreement(title="I dag"), status=AgreementStatus.SIGNED, end_date=today)
    _set(
        make_agreement(title="En dag for sent"),
        status=AgreementStatus.ACTIVE,
        end_date=today + datetime.timedelta(days=31),
    )
    _set(
        make_agreement(title="Udløbet i går"),
        status=AgreementStatus.ACTIVE,
        end_date=today - datetime.timedelta(days=1),
    )
    _set(
        make_agreement(title="Opsagt"),
        status=AgreementStatus.TERMINATED,
        end_date=today + datetime.timedelta(days=10),
    )
    _set(make_agreement(title="Uden slutdato"), status=AgreementStatus.ACTIVE)
    assert _numbers(staff.get(URL, {"expiring": 30})) == {on_the_day.number, today_ends.number}
    assert _numbers(staff.get(URL, {"expiring": 0})) == {today_ends.number}
    # A wrong value is shown as an error, not a crash, and filters nothing away.
    response = staff.get(URL, {"expiring": "mange"})
    assert response.status_code == 200
    assert field_errors(response)["expiring"] == "Indtast et tal."
    assert len(_numbers(response)) == 6


def test_the_csv_export_has_the_filtered_rows_for_danish_excel(staff):
    owner = StaffFactory(name="Lars Medarbejder")
    focus = FocusAreaFactory(name="Fællesskaber")
    partner = PartnerFactory(name="Tårnby Læseforening", cvr="12345674")
    wanted = make_agreement(
        partner=partner,
        title='=HYPERLINK("http://evil")',
        owner=owner,
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 12, 31),
        focus_areas=[focus],
    )
    make_agreement(kind="event", title="Ikke med")
    response = staff.get(EXPORT, {"kind": "standard"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="samarbejdsaftaler-')
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:6] == [
        "Aftalenummer",
        "Titel",
        "Partner",
        "Partnerens CVR-nr.",
        "Type",
        "Status",
    ]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Aftalenummer"] == wanted.number
    # A title that would be a formula in Excel is made harmless.
    assert row["Titel"] == '\'=HYPERLINK("http://evil")'
    assert row["Partner"] == "Tårnby Læseforening"
    assert row["Partnerens CVR-nr."] == "12345674"
    assert row["Type"] == "Samarbejdsaftale"
    assert row["Status"] == "Kladde"
    assert row["Juridisk bindende"] == "Ja"
    assert row["Gælder fra"] == "2027-01-01"
    assert row["Gælder til"] == "2027-12-31"
    assert row["Ansvarlig"] == "Lars Medarbejder"
    assert row["Indsatsområder"] == "Fællesskaber"


def test_the_list_links_to_the_export_with_the_same_filters(staff):
    make_agreement()
    html = staff.get(URL, {"kind": "standard", "status": ["draft"]}).content.decode()
    assert f'href="{EXPORT}?kind=standard&amp;status=draft"' in html


def test_the_list_and_export_are_for_staff_only(anonymous, citizen):
    make_agreement()
    for url in (URL, EXPORT):
        assert anonymous.get(url)["Location"].startswith("/konto/login/")
        assert citizen.get(url).status_code == 404


def test_the_list_pages(staff):
    partner = PartnerFactory()
    for n in range(27):
        make_agreement(partner=partner, title=f"Aftale {n}", owner=StaffFactory())
    first = staff.get(URL).content.decode()
    assert "27 aftaler" in first
    assert "Side 1 af 2" in first
    second = staff.get(URL, {"side": 2}).content.decode()
    assert second.count("/personale/aftaler/") > 2


# Queries (list, 9): session and user; the page count; the counts per status (one GROUP BY);
# the library for the layout; the filter form's partners, branches and focus areas; the page
# rows (partner, branch, owner joined). Export (4): session, user, the rows, their focus areas.
LIST_QUERIES = 9
EXPORT_QUERIES = 4


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_and_export_use_a_fixed_number_of_queries(
    staff, rows, django_assert_max_num_queries
):
    branch = BranchFactory()
    focus = FocusAreaFactory()
    owner = StaffFactory()
    for n in range(rows):
        agreement = make_agreement(title=f"Aftale {n}", owner=owner, branch=branch)
        agreement.focus_areas.add(focus)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = staff.get(URL)
    assert response.status_code == 200
    with django_assert_max_num_queries(EXPORT_QUERIES):
        response = staff.get(EXPORT)
    assert len(response.content.decode().splitlines()) == rows + 1
