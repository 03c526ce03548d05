"""The demo toolbox loads the cards through the import service and can run twice."""

import pytest

from organisation import demo as organisation_demo
from toolbox import demo
from toolbox.models import ExperienceLog, Method, SelfAssessment, SessionPlan

pytestmark = pytest.mark.django_db


def counts():
    return (
        Method.objects.count(),
        SessionPlan.objects.count(),
        ExperienceLog.objects.count(),
        SelfAssessment.objects.count(),
    )


def test_seed_loads_the_cards_plans_logs_and_self_assessments_once():
    users, branches = organisation_demo.seed()
    demo.seed(users=users, branches=branches)
    first = counts()
    assert Method.objects.published().count() >= 30
    assert first[1:] == (4, 10, 20)
    demo.seed(users=users, branches=branches)
    assert counts() == first
