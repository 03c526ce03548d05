"""The demo programme seed_demo loads, and the Django admin for activities."""

import pytest
from django.utils import timezone

from accounts.models import Role
from activities import demo
from activities.models import Activity, ActivityCoHost, ActivityStatus
from tests.activities.factories import ActivityFactory, CoHostFactory
from tests.factories import (
    BranchFactory,
    FocusAreaFactory,
    ManagerFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "borger": UserFactory(name="Mette Jensen"),
        "medarbejder": StaffFactory(name="Lars Holm"),
        "tovholder": StaffFactory(name="Sofie Nielsen"),
        "koordinator": StaffFactory(name="Ahmed Rahimi"),
        "chef": ManagerFactory(name="Birgitte Dahl"),
        "admin": UserFactory(name="IT-afdelingen", role=Role.ADMINISTRATOR),
    }


@pytest.fixture
def branches():
    return {
        slug: BranchFactory(slug=slug, name=slug.capitalize())
        for slug in ("hovedbiblioteket", "vestamager", "korsvejen", "bogbussen")
    }


def test_the_demo_has_a_believable_programme_and_can_be_loaded_twice(people, branches):
    FocusAreaFactory(slug="samskabelse")
    FocusAreaFactory(slug="frivillighed")

    first = demo.seed(users=people, branches=branches)
    second = demo.seed(users=people, branches=branches)

    assert len(first) == len(second) == Activity.objects.count() >= 30
    assert ActivityCoHost.objects.count() == sum(
        len(row[8]) for row in demo.ACTIVITIES
    )  # co-hosts replaced, not added to
    now = timezone.now()
    upcoming = Activity.objects.public().upcoming(now)
    assert upcoming.count() >= 15
    assert {a.branch.slug for a in upcoming} == set(branches)
    assert Activity.objects.filter(status=ActivityStatus.CANCELLED).count() == 2
    held = Activity.objects.filter(status=ActivityStatus.HELD)
    assert held.count() >= 5
    assert all(a.ends_at < now and a.attendance_total is not None for a in held)
    assert held.filter(attendance_children__gt=0).exists()
    assert Activity.objects.filter(is_public=False).exists()
    assert Activity.objects.filter(focus_areas__slug="samskabelse").exists()
    assert ActivityCoHost.objects.filter(name="Inger Hansen", show_publicly=True).exists()
    assert ActivityCoHost.objects.filter(name="Tårnby Lokalhistoriske Forening").exists()
    # Some past activities still wait for their attendance, so that list is not empty.
    assert Activity.objects.filter(status=ActivityStatus.PLANNED, ends_at__lt=now).exists()


def test_the_admin_lists_and_opens_activities_with_their_co_hosts(client):
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin, backend="allauth.account.auth_backends.AuthenticationBackend")
    activity = ActivityFactory(title="Babysalmesang")
    CoHostFactory(activity=activity, name="Tårnby Kirke")

    listing = client.get("/django-admin/activities/activity/")
    change = client.get(f"/django-admin/activities/activity/{activity.pk}/change/")

    assert listing.status_code == 200 and "Babysalmesang" in listing.text
    assert change.status_code == 200 and "Tårnby Kirke" in change.text
