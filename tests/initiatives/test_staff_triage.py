"""The triage list, the board and the dashboard's initiative widgets: filters narrow what staff
see, overdue ideas stand out in words, and the number of queries does not grow with the rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative, Status
from organisation.models import TargetGroup, TargetGroupKind
from tests.factories import BranchFactory, FocusAreaFactory, StaffFactory
from tests.initiatives.staff_support import OPEN, count_queries, make_initiative, make_overdue

pytestmark = pytest.mark.django_db

LIST = reverse("initiatives:staff_list")
BOARD = reverse("initiatives:staff_board")
DASHBOARD = reverse("staff:dashboard")


def listed(client, **params) -> list[str]:
    """The titles on the triage list, in order, for these filters."""
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [initiative.title for initiative in response.context["page"].object_list]


# --- Filters --------------------------------------------------------------------------------------


def test_without_filters_the_newest_come_first(staff):
    make_initiative(title="Gammel", created_days_ago=10)
    make_initiative(title="Ny", created_days_ago=1)
    assert listed(staff) == ["Ny", "Gammel"]
    assert listed(staff, sort="oldest") == ["Gammel", "Ny"]


def test_status_filter_takes_several_statuses(staff):
    make_initiative(title="Modtaget")
    make_initiative(title="I dialog", status=Status.IN_DIALOGUE)
    make_initiative(title="Afvist", status=Status.DECLINED)
    assert listed(staff, status="received") == ["Modtaget"]
    assert sorted(listed(staff, status=["received", "in_dialogue"])) == ["I dialog", "Modtaget"]


def test_owner_filter_me_unassigned_and_a_named_colleague(staff, staff_user):
    colleague = StaffFactory(name="Kirsten Kollega")
    make_initiative(title="Min", owner=staff_user)
    make_initiative(title="Kollegaens", owner=colleague)
    make_initiative(title="Ingens")
    assert listed(staff, owner="me") == ["Min"]
    assert listed(staff, owner="none") == ["Ingens"]
    assert listed(staff, owner=str(colleague.pk)) == ["Kollegaens"]


def test_overdue_filter_shows_only_unanswered_received_ideas_past_their_deadline(staff):
    make_overdue(title="Overskredet")
    make_initiative(title="Inden for fristen")
    make_overdue(title="Besvaret", first_responded_at=timezone.now())
    make_overdue(title="I dialog", status=Status.IN_DIALOGUE)
    assert listed(staff, overdue="1") == ["Overskredet"]
    assert Initiative.objects.get(title="Overskredet").is_overdue


def test_age_filter(staff):
    make_initiative(title="I dag")
    make_initiative(title="For 20 dage siden", created_days_ago=20)
    make_initiative(title="For 60 dage siden", created_days_ago=60)
    make_initiative(title="For 200 dage siden", created_days_ago=200)
    assert listed(staff, age="7") == ["I dag"]
    assert listed(staff, age="30") == ["I dag", "For 20 dage siden"]
    assert listed(staff, age="90") == ["I dag", "For 20 dage siden", "For 60 dage siden"]
    assert listed(staff, age="older") == ["For 200 dage siden"]


def test_branch_focus_area_and_target_group_filters(staff):
    branch, other_branch = BranchFactory(), BranchFactory()
    area, other_area = FocusAreaFactory(), FocusAreaFactory()
    seniors = TargetGroup.objects.get(kind=TargetGroupKind.SENIORS)
    children = TargetGroup.objects.get(kind=TargetGroupKind.CHILDREN_6_14)
    make_initiative(
        title="Seniorcafé", preferred_branch=branch, focus_areas=[area], target_groups=[seniors]
    )
    make_initiative(
        title="Lektiecafé",
        preferred_branch=other_branch,
        focus_areas=[other_area],
        target_groups=[children, seniors],
    )
    assert listed(staff, branch=branch.pk) == ["Seniorcafé"]
    assert listed(staff, focus_area=other_area.pk) == ["Lektiecafé"]
    assert listed(staff, target_group=children.pk) == ["Lektiecafé"]
    # An initiative with two target groups is listed once.
    assert sorted(listed(staff, target_group=seniors.pk)) == ["Lektiecafé", "Seniorcafé"]


def test_search_finds_title_description_and_number(staff):
    make_initiative(title="Strikkeklub", description="Garn og kaffe")
    other = make_initiative(title="Brætspil", description="Hver fredag")
    assert listed(staff, q="GARN") == ["Strikkeklub"]
    assert listed(staff, q="bræt") == ["Brætspil"]
    assert listed(staff, q=f"#{other.pk}") == ["Brætspil"]


def test_sorting_by_deadline_puts_the_most_urgent_first(staff):
    today = timezone.localdate()
    make_initiative(title="Om en uge", first_response_due=today + datetime.timedelta(days=7))
    make_initiative(title="I morgen", first_response_due=today + datetime.timedelta(days=1))
    make_initiative(title="Ingen frist", first_response_due=None)
    assert listed(staff, sort="deadline") == ["I morgen", "Om en uge", "Ingen frist"]


def test_filters_are_kept_in_the_form_and_on_the_next_page(staff):
    for number in range(30):
        make_initiative(title=f"Idé {number}", status=Status.IN_DIALOGUE)
    response = staff.get(LIST, {"status": ["received", "in_dialogue"], "q": "Idé"})
    html = response.content.decode()
    assert 'value="received" checked' in html
    assert 'value="in_dialogue" checked' in html
    assert 'value="Idé"' in html
    # Both statuses travel to page 2 (a plain ?k=v loop would keep only the last one).
    assert "?status=received&amp;status=in_dialogue&amp;q=Id%C3%A9&amp;side=2" in html
    page_two = staff.get(LIST, {"status": ["received", "in_dialogue"], "q": "Idé", "side": 2})
    assert len(page_two.context["page"].object_list) == 5


def test_a_row_says_in_words_when_the_deadline_has_passed(staff):
    overdue = make_overdue(title="Venter for længe")
    html = staff.get(LIST).content.decode()
    assert f"#{overdue.pk}" in html
    assert "Overskredet" in html
    assert "Modtaget" in html  # the status, written out
    assert "Borgerens formular" in html  # the channel


def test_empty_states_say_what_to_do(staff):
    assert "Der er ingen initiativer endnu" in staff.get(LIST).content.decode()
    make_initiative()
    html = staff.get(LIST, {"status": "held"}).content.decode()
    assert "Ingen initiativer passer til filtrene." in html


def test_htmx_gets_only_the_rows(staff):
    make_initiative(title="Strikkeklub")
    response = staff.get(LIST, {"q": "strik"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Strikkeklub" in html
    assert "<html" not in html
    assert "<form" not in html
    assert "HX-Request" in response["Vary"]
    full = staff.get(LIST, {"q": "strik"}).content.decode()
    assert "<html" in full and 'id="initiative-rows"' in full


def _many(rows, staff_user):
    branch = BranchFactory()
    area = FocusAreaFactory()
    seniors = TargetGroup.objects.get(kind=TargetGroupKind.SENIORS)
    owners = [staff_user, StaffFactory(), None]
    statuses = [*OPEN, Status.HELD, Status.DECLINED]
    for number in range(rows):
        maker = make_overdue if number % 3 == 0 else make_initiative
        maker(
            title=f"Idé {number}",
            status=statuses[number % len(statuses)] if number % 3 else Status.RECEIVED,
            owner=owners[number % 3],
            preferred_branch=branch,
            focus_areas=[area],
            target_groups=[seniors],
        )


@pytest.mark.parametrize("url", [LIST, BOARD, DASHBOARD])
def test_queries_do_not_grow_with_the_number_of_initiatives(staff, staff_user, url):
    # List: session, user, library (layout); the page count and rows (branch and owner
    # joined); the filter form's branches, focus areas, target groups and staff.
    # Board: session, user, library; counts per status (one GROUP BY); every column's cards
    # (one windowed query, owner joined); the filter form's branches, focus areas, staff.
    # Dashboard: see tests/portal/test_dashboard.py; the initiatives add four (overdue count
    # and the five most overdue, own open initiatives and their count); new partner enquiries;
    # agreements needing attention.
    _many(1, staff_user)
    with_one = count_queries(staff, url)
    _many(49, staff_user)
    with_fifty = count_queries(staff, url)
    assert with_one == with_fifty
    assert with_fifty <= {LIST: 9, BOARD: 8, DASHBOARD: 16}[url]


def test_list_queries_stay_fixed_with_every_filter_in_use(staff, staff_user):
    _many(3, staff_user)
    params = {
        "status": ["received", "in_dialogue"],
        "branch": Initiative.objects.first().preferred_branch_id,
        "focus_area": Initiative.objects.first().focus_areas.get().pk,
        "target_group": TargetGroup.objects.get(kind=TargetGroupKind.SENIORS).pk,
        "owner": "me",
        "age": "30",
        "overdue": "1",
        "q": "Idé",
        "sort": "deadline",
    }
    with_three = count_queries(staff, f"{LIST}?{_encode(params)}")
    _many(47, staff_user)
    assert count_queries(staff, f"{LIST}?{_encode(params)}") == with_three


def _encode(params):
    from urllib.parse import urlencode

    return urlencode(params, doseq=True)


# --- Board ----------------------------------------------------------------------------------------


def test_board_has_a_column_per_open_status_and_counts_the_closed(staff, staff_user):
    make_overdue(title="Venter")
    make_initiative(title="Snakker", status=Status.IN_DIALOGUE, owner=staff_user)
    make_initiative(title="Holdt", status=Status.HELD)
    make_initiative(title="Nej tak", status=Status.DECLINED)
    make_initiative(title="Nej igen", status=Status.DECLINED)
    response = staff.get(BOARD)
    columns = {column["status"]: column for column in response.context["columns"]}
    assert list(columns) == ["received", "in_dialogue", "planning", "scheduled", "held"]
    assert [card.title for card in columns["received"]["cards"]] == ["Venter"]
    assert [card.title for card in columns["in_dialogue"]["cards"]] == ["Snakker"]
    assert [card.title for card in columns["held"]["cards"]] == ["Holdt"]
    summary = {row["status"]: row["total"] for row in response.context["summary"]}
    assert summary["declined"] == 2
    html = response.content.decode()
    assert "Nej tak" not in html  # closed ones are counted, not shown as cards
    assert "Svarfrist overskredet" in html
    assert "Lars Medarbejder" in html  # the owner on the card


def test_board_filters_by_owner_branch_and_focus_area(staff, staff_user):
    branch, area = BranchFactory(), FocusAreaFactory()
    make_initiative(title="Min", owner=staff_user)
    make_initiative(title="På filialen", preferred_branch=branch)
    make_initiative(title="I indsatsområdet", focus_areas=[area])

    def cards(**params):
        columns = staff.get(BOARD, params).context["columns"]
        return sorted(card.title for column in columns for card in column["cards"])

    assert cards(owner="me") == ["Min"]
    assert cards(branch=branch.pk) == ["På filialen"]
    assert cards(focus_area=area.pk) == ["I indsatsområdet"]


def test_a_full_board_column_links_to_the_rest_in_the_list(staff):
    from initiatives.staff_views import BOARD_CARDS_PER_COLUMN

    for number in range(BOARD_CARDS_PER_COLUMN + 2):
        make_initiative(title=f"Idé {number}")
    column = staff.get(BOARD).context["columns"][0]
    assert len(column["cards"]) == BOARD_CARDS_PER_COLUMN
    assert column["more"] == 2
    assert column["list_url"] == f"{LIST}?status=received"


# --- Dashboard ------------------------------------------------------------------------------------


def test_dashboard_lists_the_most_overdue_and_my_open_initiatives(staff, staff_user):
    today = timezone.localdate()
    for days in range(1, 8):
        make_initiative(
            title=f"{days} dage over", first_response_due=today - datetime.timedelta(days=days)
        )
    make_initiative(title="Min åbne", owner=staff_user, status=Status.PLANNING)
    make_initiative(title="Min lukkede", owner=staff_user, status=Status.DECLINED)
    html = staff.get(DASHBOARD).content.decode()
    assert "Initiativer, der venter på svar" in html
    assert '<span class="stat">7</span> initiativer har overskredet svarfristen' in html
    # The five most overdue, most overdue first; the two least overdue are not listed.
    positions = [html.index(f"{days} dage over") for days in (7, 6, 5, 4, 3)]
    assert positions == sorted(positions)
    assert "2 dage over" not in html and "1 dage over" not in html
    assert "Dine initiativer" in html
    assert "Min åbne" in html
    assert "Min lukkede" not in html


def test_dashboard_says_so_when_nothing_is_overdue(staff):
    make_initiative()
    html = staff.get(DASHBOARD).content.decode()
    assert "Ingen initiativer har overskredet svarfristen." in html
    assert "Du er ikke ansvarlig for nogen åbne initiativer." in html
