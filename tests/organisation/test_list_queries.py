"""The back-office lists cost the same number of queries for one row as for a full page."""

import re

import pytest
from django.urls import reverse

from tests.factories import (
    BranchFactory,
    FocusAreaFactory,
    FocusTargetFactory,
    StaffFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

ROWS = [1, 50]


def make_rows(count: int, *, viewer):
    """Each row with everything its list shows: a tovholder, teams, koordinator, members,
    targets, so a missing select_related/prefetch shows up as extra queries."""
    for _ in range(count):
        lead = StaffFactory()
        branch = BranchFactory(tovholder=lead)
        TeamFactory(branch=branch, koordinator=lead, members=[lead, viewer])
        area = FocusAreaFactory()
        FocusTargetFactory.create_batch(2, focus_area=area)


@pytest.mark.parametrize("rows", ROWS)
def test_branch_list_queries_do_not_grow_with_rows(
    staff, staff_user, rows, django_assert_max_num_queries
):
    make_rows(rows, viewer=staff_user)
    # session, user, paginator count, library (layout), branches joined with their tovholder
    # and annotated with the team count.
    with django_assert_max_num_queries(5):
        response = staff.get(reverse("staff:branch_list"))
    assert len(re.findall(r'href="/personale/filialer/\d+/"', response.content.decode())) == min(
        rows, 25
    )


@pytest.mark.parametrize("rows", ROWS)
def test_team_list_queries_do_not_grow_with_rows(
    staff, staff_user, rows, django_assert_max_num_queries
):
    make_rows(rows, viewer=staff_user)
    # session, user, paginator count, library (layout), branches for the filter, teams joined
    # with branch and koordinator and annotated with the member count.
    with django_assert_max_num_queries(6):
        response = staff.get(reverse("staff:team_list"))
    assert len(re.findall(r'href="/personale/hold/\d+/"', response.content.decode())) == min(
        rows, 25
    )


@pytest.mark.parametrize("rows", ROWS)
def test_focus_area_list_queries_do_not_grow_with_rows(
    staff, staff_user, rows, django_assert_max_num_queries
):
    make_rows(rows, viewer=staff_user)
    # session, user, paginator count, library (layout), focus areas, their targets (prefetch).
    with django_assert_max_num_queries(6):
        response = staff.get(reverse("staff:focus_area_list"))
    assert response.content.decode().count("Børn, der deltager:") == 2 * min(rows, 25)
