"""The kompetencespejl (one's own self-assessment) and the managers' team picture."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import manager_required, staff_required

from ..forms import SelfAssessmentForm
from ..services import ToolboxError
from ..services.competence import own_mirror, self_assessment_save, team_picture


@staff_required
@require_http_methods(["GET", "POST"])
def mirror(request):
    """Only ever the signed-in person's own answers: there is no way to name someone else."""
    rows = own_mirror(request.user)
    posted = request.method == "POST"
    for row in rows:
        assessment = row["assessment"]
        row["form"] = SelfAssessmentForm(
            request.POST if posted else None,
            prefix=row["area"].key,
            initial={
                "level": assessment.level if assessment else None,
                "wants_to_develop": assessment.wants_to_develop if assessment else False,
            },
        )
    if posted:
        # Areas left without a level are skipped, so one can answer a few at a time.
        answered = [r for r in rows if r["form"].data.get(f"{r['area'].key}-level")]
        if all(r["form"].is_valid() for r in answered):
            try:
                for row in answered:
                    self_assessment_save(
                        user=request.user, area=row["area"], **row["form"].cleaned_data
                    )
            except ToolboxError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Dit kompetencespejl er gemt. Kun du kan se det."))
                return redirect("toolbox:mirror")
    return render(request, "toolbox/mirror.html", {"rows": rows})


@manager_required
@require_GET
def team(request):
    return render(request, "toolbox/team.html", team_picture())


patterns = [
    path("personale/kompetencer/", mirror, name="mirror"),
    path("personale/kompetencer/team/", team, name="team"),
]
