"""The public calendar /arrangementer/ and an activity's public page."""

import datetime
import re

import pytest
from django.utils import timezone

from activities.models import ActivityStatus
from activities.templatetags.activity_tags import activity_when
from organisation.models import TargetGroup, TargetGroupKind
from tests.activities.factories import ActivityFactory, CoHostFactory, in_days
from tests.factories import BranchFactory, FocusAreaFactory
from tests.html import field_errors, form_values

CALENDAR = "/arrangementer/"


def titles(response) -> list[str]:
    """The activity titles a person sees on the calendar, in order."""
    return re.findall(r'class="h4 activity-title"><a href="[^"]+">([^<]+)</a>', response.text)


def group(kind) -> TargetGroup:
    return TargetGroup.objects.get(kind=kind)


@pytest.mark.django_db
def test_the_calendar_lists_upcoming_public_activities_in_order_of_start(anonymous):
    ActivityFactory(title="Om to uger", starts_at=in_days(14))
    ActivityFactory(title="I morgen", starts_at=in_days(1))
    ActivityFactory(
        title="I dag, stadig i gang", starts_at=timezone.now() - datetime.timedelta(hours=1)
    )

    response = anonymous.get(CALENDAR)

    assert response.status_code == 200
    assert titles(response) == ["I dag, stadig i gang", "I morgen", "Om to uger"]


@pytest.mark.django_db
def test_internal_cancelled_and_ended_activities_are_not_in_the_calendar(anonymous):
    ActivityFactory(title="Offentlig")
    ActivityFactory(title="Intern", is_public=False)
    ActivityFactory(title="Aflyst", status=ActivityStatus.CANCELLED, cancel_reason="Syg")
    ActivityFactory(title="Overstået", starts_at=in_days(-2))

    assert titles(anonymous.get(CALENDAR)) == ["Offentlig"]


@pytest.mark.django_db
def test_dates_are_danish_and_grouped_by_day(anonymous):
    ActivityFactory(title="Aftenhygge", starts_at=in_days(3, hour=17))
    response = anonymous.get(CALENDAR)
    day = timezone.localdate() + datetime.timedelta(days=3)
    weekday = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august"]
    months += ["september", "oktober", "november", "december"]
    heading = f"{weekday[day.weekday()].capitalize()} {day.day}. {months[day.month - 1]}"
    if day.year != timezone.localdate().year:
        heading += f" {day.year}"

    assert f">{heading}</time></h2>" in response.text
    assert "kl. 17.00–19.00" in response.text


@pytest.mark.django_db
def test_a_time_reads_like_danish_and_names_the_year_only_when_it_is_not_this_year(monkeypatch):
    class Activity:
        starts_at = timezone.make_aware(datetime.datetime(2024, 12, 3, 17, 0))
        ends_at = timezone.make_aware(datetime.datetime(2024, 12, 3, 19, 0))

    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2024, 11, 1))
    assert activity_when(Activity()) == "tirsdag 3. december kl. 17.00–19.00"
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2025, 1, 1))
    assert activity_when(Activity()) == "tirsdag 3. december 2024 kl. 17.00–19.00"

    Activity.ends_at = timezone.make_aware(datetime.datetime(2024, 12, 4, 12, 0))
    assert activity_when(Activity()) == (
        "tirsdag 3. december 2024 kl. 17.00 til onsdag 4. december 2024 kl. 12.00"
    )


@pytest.mark.django_db
def test_branch_target_group_and_focus_area_filters_each_narrow_the_calendar(anonymous):
    vestamager = BranchFactory(name="Vestamager Bibliotek", slug="vestamager")
    samskabelse = FocusAreaFactory(name="Samskabelse", slug="samskabelse")
    ActivityFactory(title="På Vestamager", branch=vestamager)
    ActivityFactory(title="For børn", target_groups=[group(TargetGroupKind.CHILDREN_6_14)])
    ActivityFactory(title="Samskabt", focus_areas=[samskabelse])
    ActivityFactory(title="Noget helt andet", target_groups=[group(TargetGroupKind.SENIORS)])

    assert titles(anonymous.get(CALENDAR, {"filial": "vestamager"})) == ["På Vestamager"]
    assert titles(anonymous.get(CALENDAR, {"maalgruppe": "children-6-14"})) == ["For børn"]
    assert titles(anonymous.get(CALENDAR, {"indsats": "samskabelse"})) == ["Samskabt"]
    assert len(titles(anonymous.get(CALENDAR))) == 4


@pytest.mark.django_db
def test_date_filters_include_both_days(anonymous):
    ActivityFactory(title="Dag 2", starts_at=in_days(2, hour=9))
    ActivityFactory(title="Dag 5", starts_at=in_days(5, hour=21))
    ActivityFactory(title="Dag 9", starts_at=in_days(9))
    start = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    end = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()

    response = anonymous.get(CALENDAR, {"fra": start, "til": end})

    assert titles(response) == ["Dag 2", "Dag 5"]
    assert form_values(response)["fra"] == start


@pytest.mark.django_db
def test_an_invalid_date_gets_a_danish_message_next_to_the_filter_and_the_rest_still_applies(
    anonymous,
):
    vestamager = BranchFactory(slug="vestamager")
    ActivityFactory(title="Vestamager", branch=vestamager)
    ActivityFactory(title="Et andet sted")

    response = anonymous.get(CALENDAR, {"fra": "31-02-2025", "filial": "vestamager"})

    assert response.status_code == 200
    assert field_errors(response) == {"fra": "Indtast en gyldig dato."}
    assert form_values(response)["fra"] == "31-02-2025"
    assert titles(response) == ["Vestamager"]


@pytest.mark.django_db
def test_an_end_date_before_the_start_date_is_explained(anonymous):
    response = anonymous.get(CALENDAR, {"fra": "2030-05-10", "til": "2030-05-01"})

    assert field_errors(response) == {"til": "Til-datoen skal ligge efter fra-datoen."}


@pytest.mark.django_db
def test_an_unknown_branch_is_a_message_not_an_error_page(anonymous):
    ActivityFactory(title="Stadig vist")
    response = anonymous.get(CALENDAR, {"filial": "findes-ikke"})

    assert response.status_code == 200
    assert "filial" in field_errors(response)
    assert titles(response) == ["Stadig vist"]


@pytest.mark.django_db
def test_show_past_activities_lists_the_ended_ones_newest_first(anonymous):
    ActivityFactory(title="Kommende")
    ActivityFactory(title="For en uge siden", starts_at=in_days(-7))
    ActivityFactory(title="I går", starts_at=in_days(-1))
    ActivityFactory(title="Intern, i går", starts_at=in_days(-1), is_public=False)

    response = anonymous.get(CALENDAR, {"tidligere": "on"})

    assert "<h1>Tidligere arrangementer</h1>" in response.text
    assert titles(response) == ["I går", "For en uge siden"]


@pytest.mark.django_db
def test_target_groups_place_and_only_consenting_cohosts_are_shown(anonymous):
    activity = ActivityFactory(
        title="Erindringscafé",
        place="Caféen",
        target_groups=[group(TargetGroupKind.SENIORS)],
    )
    CoHostFactory(activity=activity, name="Tårnby Lokalhistoriske Forening", show_publicly=True)
    CoHostFactory(activity=activity, kind="citizen", name="Inger Hansen", show_publicly=True)
    CoHostFactory(activity=activity, kind="citizen", name="Hemmelig Person", show_publicly=False)

    response = anonymous.get(CALENDAR)

    assert f"{activity.branch.name}, Caféen" in response.text
    assert "Seniorer" in response.text
    assert "Sammen med Inger Hansen og Tårnby Lokalhistoriske Forening" in response.text
    assert "Hemmelig Person" not in response.text


@pytest.mark.django_db
def test_an_empty_calendar_says_what_to_do(anonymous):
    response = anonymous.get(CALENDAR)
    assert "Der er ingen kommende arrangementer" in response.text
    assert 'href="/initiativer/' in response.text  # propose an initiative

    filtered = anonymous.get(CALENDAR, {"maalgruppe": "seniors"})
    assert "Ingen arrangementer passer til det, du har valgt." in filtered.text
    assert f'href="{CALENDAR}"' in filtered.text


@pytest.mark.django_db
def test_the_calendar_shows_25_a_page_and_keeps_the_filters_on_the_next_page(anonymous):
    branch = BranchFactory(slug="hovedbiblioteket")
    for n in range(26):
        ActivityFactory(title=f"Nr. {n:02}", branch=branch, starts_at=in_days(1 + n))

    first = anonymous.get(CALENDAR, {"filial": "hovedbiblioteket"})
    second = anonymous.get(CALENDAR, {"filial": "hovedbiblioteket", "side": 2})

    assert len(titles(first)) == 25
    assert titles(second) == ["Nr. 25"]
    assert "filial=hovedbiblioteket&amp;side=2" in first.text


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.django_db
def test_the_calendar_query_count_does_not_grow_with_rows(
    anonymous, rows, django_assert_max_num_queries
):
    area = FocusAreaFactory()
    for _ in range(rows):
        activity = ActivityFactory(
            target_groups=[group(TargetGroupKind.ADULTS), group(TargetGroupKind.SENIORS)],
            focus_areas=[area],
        )
        CoHostFactory(activity=activity)
    # 9 queries, whatever the number of rows: the library (context processor); the filter
    # form's branches, target groups and focus areas; the count and the page of activities
    # joined with their branch; one prefetch each for target groups, focus areas and the
    # public co-hosts.
    with django_assert_max_num_queries(9):
        response = anonymous.get(CALENDAR)
    assert response.status_code == 200


# --- An activity's public page --------------------------------------------------------------


@pytest.mark.django_db
def test_a_public_activity_has_its_own_page_with_a_calendar_file(anonymous):
    activity = ActivityFactory(title="Babysalmesang", description="Sang og rim.")

    response = anonymous.get(f"/arrangementer/{activity.pk}/")

    assert response.status_code == 200
    assert "<h1>Babysalmesang</h1>" in response.text
    assert "Sang og rim." in response.text
    assert f'href="/arrangementer/{activity.pk}/kalender.ics"' in response.text


@pytest.mark.django_db
def test_an_internal_or_unknown_activity_is_not_found(anonymous, citizen):
    internal = ActivityFactory(is_public=False)
    assert anonymous.get(f"/arrangementer/{internal.pk}/").status_code == 404
    assert citizen.get(f"/arrangementer/{internal.pk}/").status_code == 404
    assert anonymous.get("/arrangementer/999999/").status_code == 404
    assert anonymous.get(f"/arrangementer/{internal.pk}/kalender.ics").status_code == 404


@pytest.mark.django_db
def test_a_cancelled_activity_says_so_with_the_reason(anonymous):
    activity = ActivityFactory(
        status=ActivityStatus.CANCELLED, cancel_reason="Forfatteren er blevet syg."
    )

    response = anonymous.get(f"/arrangementer/{activity.pk}/")

    assert response.status_code == 200
    assert "Aflyst" in response.text
    assert "Forfatteren er blevet syg." in response.text
    assert "Tilføj til kalender" not in response.text


@pytest.mark.django_db
def test_the_way_back_keeps_the_calendar_filters_and_nothing_else(anonymous):
    activity = ActivityFactory()
    BranchFactory(slug="vestamager")
    query = "?filial=vestamager&fra=2030-01-01&side=2&next=https://evil.example"

    response = anonymous.get(f"/arrangementer/{activity.pk}/{query}")

    back = re.search(r'<a href="([^"]*)" class="back-link">', response.text).group(1)
    assert back == "/arrangementer/?filial=vestamager&amp;fra=2030-01-01&amp;side=2"


@pytest.mark.django_db
def test_calendar_links_carry_the_filters_to_the_activity_page(anonymous):
    branch = BranchFactory(slug="korsvejen")
    activity = ActivityFactory(branch=branch)

    response = anonymous.get(CALENDAR, {"filial": "korsvejen"})

    assert f'href="/arrangementer/{activity.pk}/?filial=korsvejen"' in response.text
