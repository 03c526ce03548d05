"""The session planner: list, create and edit plans, add methods and breaks, move them, the
running clock, the merged materials and the agenda PDF."""

import copy

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import staff_required

from ..access import access_item, access_method, access_plan
from ..forms import AddToPlanForm, ItemAddForm, ItemForm, MoveForm, PlanFilterForm, PlanForm
from ..models import ItemKind, SessionPlan
from ..pdf import agenda_pdf
from ..services import ToolboxError
from ..services.plans import (
    can_change_plan,
    duration_label,
    item_add,
    item_move,
    item_remove,
    item_update,
    merged_materials,
    plan_create,
    plan_delete,
    plan_update,
    schedule,
)
from . import query_without

PAGE_SIZE = 25


def _items(plan):
    return list(plan.items.select_related("method"))


@staff_required
@require_GET
def plan_list(request):
    form = PlanFilterForm(request.GET)
    # Queries: the count, and the page of plans with owner, initiative and activity joined and
    # the number of items and total minutes summed in the same query.
    plans = form.filter(
        SessionPlan.objects.select_related("owner", "initiative", "activity")
        .annotate(item_count=Count("items"), total_minutes=Sum("items__minutes"))
        .order_by("-date", "-created_at", "-pk"),
        request.user,
    )
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "toolbox/plan_list.html",
        {
            "form": form,
            "page": page,
            "filtered": form.filtered,
            "query": query_without(request.GET, "side"),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def plan_create_view(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_create(acting_user=request.user, **form.cleaned_data)
        except ToolboxError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Planen er oprettet. Tilføj metoder og pauser."))
            return redirect("toolbox:plan_detail", plan.pk)
    return render(request, "toolbox/plan_form.html", {"form": form, "plan": None})


def _plan_page(request, plan, add_form, *, status=200):
    items = _items(plan)
    rows, total, ends = schedule(plan, items)
    return render(
        request,
        "toolbox/plan_detail.html",
        {
            "plan": plan,
            "rows": rows,
            "total": total,
            "total_label": duration_label(total),
            "ends": ends,
            "materials": merged_materials(items),
            "may_change": can_change_plan(request.user, plan),
            "add_form": add_form,
        },
        status=status,
    )


@staff_required
@require_GET
def plan_detail(request, pk):
    plan = access_plan(request.user, pk)
    return _plan_page(request, plan, ItemAddForm(initial={"kind": ItemKind.METHOD}))


@staff_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = access_plan(request.user, pk, write=True)
    form = PlanForm(request.POST or None, instance=copy.copy(plan))
    if request.method == "POST" and form.is_valid():
        try:
            plan_update(
                plan=plan,
                acting_user=request.user,
                **{name: form.cleaned_data[name] for name in form.changed_data},
            )
        except ToolboxError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Ændringerne er gemt."))
            return redirect("toolbox:plan_detail", plan.pk)
    return render(request, "toolbox/plan_form.html", {"form": form, "plan": plan})


@staff_required
@require_POST
def plan_delete_view(request, pk):
    plan = access_plan(request.user, pk, write=True)
    plan_delete(plan=plan, acting_user=request.user)
    messages.success(request, _("Planen %(title)s er slettet.") % {"title": plan.title})
    return redirect("toolbox:plan_list")


@staff_required
@require_POST
def item_add_view(request, pk):
    plan = access_plan(request.user, pk, write=True)
    form = ItemAddForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item_add(
                plan=plan,
                acting_user=request.user,
                kind=data["kind"],
                method=data["method"],
                title=data["title"],
                minutes=data["minutes"],
            )
        except ToolboxError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Punktet er tilføjet."))
            return redirect("toolbox:plan_detail", plan.pk)
    return _plan_page(request, plan, form, status=400)


@staff_required
@require_POST
def add_method_to_plan(request, slug):
    """From a card: add the method to one of my plans, or to a new plan."""
    method = access_method(request.user, slug)
    form = AddToPlanForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("toolbox:method_detail", method.slug)
    plan = form.cleaned_data["plan"]
    try:
        if plan is None:
            plan = plan_create(acting_user=request.user, title=form.cleaned_data["new_title"])
        item_add(plan=plan, acting_user=request.user, kind=ItemKind.METHOD, method=method)
    except ToolboxError as exc:
        messages.error(request, str(exc))
        return redirect("toolbox:method_detail", method.slug)
    messages.success(
        request,
        _("%(method)s er tilføjet til planen %(plan)s.")
        % {"method": method.title, "plan": plan.title},
    )
    return redirect("toolbox:plan_detail", plan.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk):
    item = access_item(request.user, pk, write=True)
    form = ItemForm(
        request.POST or None,
        initial={"title": item.title, "minutes": item.minutes, "notes": item.notes},
    )
    if request.method == "POST" and form.is_valid():
        try:
            item_update(item=item, acting_user=request.user, **form.cleaned_data)
        except ToolboxError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Punktet er gemt."))
            return redirect("toolbox:plan_detail", item.plan_id)
    return render(request, "toolbox/item_form.html", {"form": form, "item": item})


@staff_required
@require_POST
def item_move_view(request, pk):
    item = access_item(request.user, pk, write=True)
    form = MoveForm(request.POST)
    if form.is_valid():
        item_move(item=item, acting_user=request.user, direction=form.cleaned_data["direction"])
    return redirect(f"{item.plan.get_absolute_url()}#punkt-{item.pk}")


@staff_required
@require_POST
def item_remove_view(request, pk):
    item = access_item(request.user, pk, write=True)
    item_remove(item=item, acting_user=request.user)
    messages.success(request, _("%(title)s er fjernet fra planen.") % {"title": item.title})
    return redirect("toolbox:plan_detail", item.plan_id)


@staff_required
@require_GET
def plan_agenda_pdf(request, pk):
    plan = access_plan(request.user, pk)
    response = HttpResponse(agenda_pdf(plan, _items(plan)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="dagsorden-{plan.pk}.pdf"'
    return response


PREFIX = "personale/vaerktoejskasse/"
patterns = [
    path(f"{PREFIX}planer/", plan_list, name="plan_list"),
    path(f"{PREFIX}planer/ny/", plan_create_view, name="plan_create"),
    path(f"{PREFIX}planer/<int:pk>/", plan_detail, name="plan_detail"),
    path(f"{PREFIX}planer/<int:pk>/rediger/", plan_edit, name="plan_edit"),
    path(f"{PREFIX}planer/<int:pk>/slet/", plan_delete_view, name="plan_delete"),
    path(f"{PREFIX}planer/<int:pk>/punkter/", item_add_view, name="item_add"),
    path(f"{PREFIX}planer/<int:pk>/dagsorden.pdf", plan_agenda_pdf, name="plan_agenda_pdf"),
    path(f"{PREFIX}punkter/<int:pk>/rediger/", item_edit, name="item_edit"),
    path(f"{PREFIX}punkter/<int:pk>/flyt/", item_move_view, name="item_move"),
    path(f"{PREFIX}punkter/<int:pk>/fjern/", item_remove_view, name="item_remove"),
    path(
        f"{PREFIX}metoder/<slug:slug>/tilfoej-til-plan/",
        add_method_to_plan,
        name="add_method_to_plan",
    ),
]
