"""The public activity API /api/activities/."""

import pytest

from activities.models import ActivityStatus
from organisation.models import TargetGroup, TargetGroupKind
from tests.activities.factories import ActivityFactory, CoHostFactory, in_days
from tests.factories import BranchFactory, FocusAreaFactory

LIST = "/api/activities/"

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_anyone_may_list_public_upcoming_activities_and_nothing_else(anonymous):
    ActivityFactory(title="Offentlig")
    ActivityFactory(title="Intern", is_public=False)
    ActivityFactory(title="Aflyst", status=ActivityStatus.CANCELLED, cancel_reason="Syg")
    ActivityFactory(title="Overstået", starts_at=in_days(-3))

    assert titles(anonymous.get(LIST)) == ["Offentlig"]


def test_logged_in_people_see_the_same_list(citizen, staff):
    ActivityFactory(title="Offentlig")
    ActivityFactory(title="Intern", is_public=False)

    assert titles(citizen.get(LIST)) == ["Offentlig"]
    assert titles(staff.get(LIST)) == ["Offentlig"]


def test_an_activity_shows_only_public_facts(anonymous):
    activity = ActivityFactory(
        title="Erindringscafé",
        target_groups=[TargetGroup.objects.get(kind=TargetGroupKind.SENIORS)],
        attendance_total=None,
        evaluation="Intern evaluering",
    )
    CoHostFactory(activity=activity, name="Tårnby Lokalhistoriske Forening")
    CoHostFactory(activity=activity, kind="citizen", name="Hemmelig Borger", show_publicly=False)

    row = anonymous.get(f"{LIST}{activity.pk}/").json()

    assert set(row) == {
        "id",
        "url",
        "ical_url",
        "title",
        "description",
        "branch",
        "place",
        "starts_at",
        "ends_at",
        "target_groups",
        "focus_areas",
        "cohosts",
    }
    assert row["url"] == f"http://testserver/arrangementer/{activity.pk}/"
    assert row["target_groups"] == [{"kind": "seniors", "label": "Seniorer"}]
    assert row["cohosts"] == [{"kind": "partner", "name": "Tårnby Lokalhistoriske Forening"}]
    assert set(row["branch"]) == {"id", "slug", "name", "address"}
    assert "Intern evaluering" not in str(row)


def test_internal_and_cancelled_activities_cannot_be_retrieved(anonymous):
    internal = ActivityFactory(is_public=False)
    cancelled = ActivityFactory(status=ActivityStatus.CANCELLED, cancel_reason="Syg")
    past = ActivityFactory(starts_at=in_days(-10))

    assert anonymous.get(f"{LIST}{internal.pk}/").status_code == 404
    assert anonymous.get(f"{LIST}{cancelled.pk}/").status_code == 404
    assert anonymous.get(f"{LIST}{past.pk}/").status_code == 200


def test_filters_by_branch_target_group_and_focus_area(anonymous):
    branch = BranchFactory(slug="vestamager")
    area = FocusAreaFactory(slug="samskabelse")
    ActivityFactory(title="Vestamager", branch=branch)
    ActivityFactory(
        title="For børn",
        target_groups=[TargetGroup.objects.get(kind=TargetGroupKind.CHILDREN_0_5)],
    )
    ActivityFactory(title="Samskabt", focus_areas=[area])

    assert titles(anonymous.get(LIST, {"branch": "vestamager"})) == ["Vestamager"]
    assert titles(anonymous.get(LIST, {"target_group": "children-0-5"})) == ["For børn"]
    assert titles(anonymous.get(LIST, {"focus_area": "samskabelse"})) == ["Samskabt"]
    assert anonymous.get(LIST, {"target_group": "dinosaurer"}).status_code == 400


def test_time_filters_reach_into_the_past_and_bound_the_future(anonymous):
    ActivityFactory(title="For en uge siden", starts_at=in_days(-7))
    ActivityFactory(title="Om to dage", starts_at=in_days(2))
    ActivityFactory(title="Om en måned", starts_at=in_days(30))

    after = in_days(-8).date().isoformat()
    before = in_days(10).isoformat()

    assert titles(anonymous.get(LIST, {"starts_after": after})) == [
        "For en uge siden",
        "Om to dage",
        "Om en måned",
    ]
    assert titles(anonymous.get(LIST, {"starts_after": after, "starts_before": before})) == [
        "For en uge siden",
        "Om to dage",
    ]
    assert anonymous.get(LIST, {"starts_after": "i går"}).status_code == 400


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_query_count_does_not_grow_with_rows(
    anonymous, rows, django_assert_max_num_queries
):
    area = FocusAreaFactory()
    groups = list(TargetGroup.objects.all()[:2])
    for _ in range(rows):
        CoHostFactory(activity=ActivityFactory(target_groups=groups, focus_areas=[area]))
    # 5 queries, whatever the number of rows: the count; the page of activities joined with
    # their branch; one prefetch each for target groups, focus areas and public co-hosts.
    # No session or user lookups: the endpoint does not authenticate.
    with django_assert_max_num_queries(5):
        response = anonymous.get(LIST)
    assert len(response.json()["results"]) == rows


def test_the_api_is_in_the_openapi_schema(staff):
    response = staff.get("/api/schema/")

    assert response.status_code == 200
    schema = response.content.decode()
    assert "/api/activities/:" in schema
    assert "/api/activities/{id}/:" in schema
    assert "PublicActivity:" in schema
