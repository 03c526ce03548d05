import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.initiatives.test_public_showcase import _make_realised, BranchFactory, FocusAreaFactory, TargetGroup
from tests.initiatives.test_public_tracking import submit
pytestmark = pytest.mark.django_db

def test_print(anonymous, citizen, citizen_user):
    b = BranchFactory()
    _make_realised([0], b, list(TargetGroup.objects.all()[:2]), [FocusAreaFactory()])
    submit(citizen=citizen_user)
    for c, url in [(anonymous, reverse("initiatives:showcase")), (citizen, reverse("initiatives:mine"))]:
        with CaptureQueriesContext(connection) as q:
            c.get(url)
        print(url, len(q))
        for x in q: print("   ", x["sql"][:130])
