"""The citizen's side of initiatives: propose an idea, follow it through the private link or
"Mine initiativer" (answer, withdraw, ask for deletion, download files), and the public showcase.

The tracking page and "Mine initiativer" share one template and one set of handlers: each
handler gets a ``_Place`` (the initiative and how the citizen reached it), built by the
``_via_token`` or ``_via_account`` wrapper after the access check.
"""

import datetime
import functools
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import ConsentText
from activities.models import Activity
from organisation.models import Library
from portal.private import private_link_page
from portal.spam import RateLimit, client_ip, rate_limit_message

from .access import (
    access_attachment,
    access_initiative_by_token,
    access_own_initiative,
    citizen_visible_attachments,
)
from .models import (
    CONSENT_PURPOSE,
    REALISED_STATUSES,
    Attachment,
    Initiative,
    MessageKind,
    Status,
)
from .public_forms import MessageForm, ProposeForm, WithdrawForm
from .services import (
    TRANSITIONS,
    InitiativeError,
    initiative_change_status,
    initiative_citizen_post,
    initiative_request_deletion,
    initiative_submit,
)

PAGE_SIZE = 10
THANKS_SESSION_KEY = "initiatives_proposed"

STATUS_EXPLANATIONS = {
    Status.RECEIVED: gettext_lazy(
        "Vi har modtaget din idé. En medarbejder læser den og svarer dig senest %(due)s."
    ),
    Status.IN_DIALOGUE: gettext_lazy(
        "Vi taler med dig om idéen. Måske har vi spørgsmål til dig – se beskederne herunder."
    ),
    Status.PLANNING: gettext_lazy(
        "Vi er i gang med at planlægge, hvordan idéen kan blive til virkelighed – sammen med dig "
        "og dem, der skal være med."
    ),
    Status.SCHEDULED: gettext_lazy(
        "Idéen er blevet til en aktivitet med dato og sted. Du kan se den herunder."
    ),
    Status.HELD: gettext_lazy("Aktiviteten er gennemført. Tak, fordi du var med til at skabe den!"),
    Status.EVALUATED: gettext_lazy(
        "Aktiviteten er gennemført, og vi har samlet erfaringerne. Tak for samarbejdet!"
    ),
    Status.DECLINED: gettext_lazy(
        "Vi kan ikke gennemføre idéen lige nu. Begrundelsen står i forløbet herunder. Du er "
        "velkommen til at skrive til os, hvis du har spørgsmål."
    ),
    Status.REFERRED: gettext_lazy(
        "Vi har henvist dig til et sted, der er bedre til at hjælpe med idéen: %(referred_to)s."
    ),
    Status.WITHDRAWN: gettext_lazy(
        "Du har trukket idéen tilbage. Du er altid velkommen med en ny idé."
    ),
    Status.DUPLICATE: gettext_lazy(
        "Din idé ligner en anden idé, vi allerede arbejder med, så vi har lagt dem sammen og "
        "arbejder videre med dem samlet."
    ),
}


def _status_explanation(initiative: Initiative) -> str:
    due = initiative.first_response_due
    if initiative.status == Status.RECEIVED and (initiative.first_responded_at or not due):
        return _("Vi har modtaget din idé, og en medarbejder kigger på den.")
    return str(STATUS_EXPLANATIONS[initiative.status]) % {
        "due": formats.date_format(due, "DATE_FORMAT") if due else "",
        "referred_to": initiative.referred_to,
    }


# --- Propose ------------------------------------------------------------------------------------


PROPOSALS_PER_IP = RateLimit("initiatives:proposals")


def _ask_for_files_again(form) -> None:
    """A browser cannot keep chosen files when a form comes back with errors: say so at the
    file field, naming the files, so the person chooses them again."""
    names = form.rejected_file_names()
    if names and form.errors:
        form.add_error(
            "attachments",
            ValidationError(
                _(
                    "Vælg filerne igen, hvis de skal med – browseren kan ikke huske filer, når "
                    "formularen vises igen. Du havde valgt: %(names)s."
                ),
                code="choose_again",
                params={"names": ", ".join(names)},
            ),
        )


@never_cache
@require_http_methods(["GET", "POST"])
def propose(request):
    consent_text = ConsentText.current(CONSENT_PURPOSE)
    initial = {}
    if request.user.is_authenticated:
        initial = {
            "contact_name": request.user.name,
            "contact_email": request.user.email,
            "contact_phone": request.user.phone,
        }
    if request.method != "POST":
        form = ProposeForm(consent_text=consent_text, initial=initial)
        return render(request, "initiatives/public/propose.html", {"form": form})

    form = ProposeForm(request.POST, request.FILES, consent_text=consent_text, initial=initial)
    ip = client_ip(request)
    if PROPOSALS_PER_IP.exceeded(ip):
        form.add_error(
            None,
            rate_limit_message(Library.load(), _("Du har sendt mange forslag den sidste time")),
        )
    elif form.is_valid():
        try:
            initiative = initiative_submit(
                data=form.initiative_data(),
                target_groups=form.cleaned_data["target_groups"],
                attachments=form.cleaned_data["attachments"],
                citizen=request.user,
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
        except InitiativeError as exc:
            form.add_error(None, str(exc))
        else:
            PROPOSALS_PER_IP.count(ip)
            request.session[THANKS_SESSION_KEY] = {
                "title": initiative.title,
                "email": initiative.contact_email,
                "due": initiative.first_response_due.isoformat(),
                "mine": initiative.pk if initiative.citizen_id else None,
            }
            return redirect("initiatives:propose_thanks")
    _ask_for_files_again(form)
    return render(request, "initiatives/public/propose.html", {"form": form})


@require_GET
def propose_thanks(request):
    proposed = request.session.get(THANKS_SESSION_KEY)
    if proposed:
        proposed = {**proposed, "due": datetime.date.fromisoformat(proposed["due"])}
    return render(request, "initiatives/public/propose_thanks.html", {"proposed": proposed})


# --- Following one's own initiative -------------------------------------------------------------


@dataclass
class _Place:
    """An initiative as the citizen reached it: by the private link, or through their account."""

    initiative: Initiative
    token: str = ""

    def url(self, suffix: str = "", *args) -> str:
        if self.token:
            return reverse(f"initiatives:track{suffix}", args=[self.token, *args])
        return reverse(f"initiatives:mine{suffix or '_detail'}", args=[self.initiative.pk, *args])


def _via_token(view):
    @private_link_page
    @functools.wraps(view)
    def wrapper(request, token, *args, **kwargs):
        try:
            initiative = access_initiative_by_token(token)
        except Http404:
            # Tampered, revoked, or the contact data is deleted: a 404 that says what to do.
            return render(request, "initiatives/public/link_invalid.html", status=404)
        return view(request, _Place(initiative, token=token), *args, **kwargs)

    return wrapper


def _via_account(view):
    @private_link_page
    @functools.wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        initiative = access_own_initiative(request.user, pk)  # 404 to anyone but the owner
        return view(request, _Place(initiative), *args, **kwargs)

    return wrapper


def _may_withdraw(initiative: Initiative) -> bool:
    return Status.WITHDRAWN in TRANSITIONS[initiative.status]


def _detail_context(place: _Place, form) -> dict:
    initiative = place.initiative
    files = list(
        Attachment.objects.filter(initiative=initiative)
        .filter(citizen_visible_attachments())
        .order_by("created_at", "pk")
    )
    for attachment in files:
        attachment.download_url = place.url("_file", attachment.pk)
    by_message: dict[int, list] = {}
    for attachment in files:
        if attachment.message_id:
            by_message.setdefault(attachment.message_id, []).append(attachment)
    thread = list(
        initiative.messages.exclude(kind=MessageKind.INTERNAL_NOTE).order_by("created_at", "pk")
    )
    for message in thread:
        message.files = by_message.get(message.pk, [])
    # Entries where the status stayed the same are staff notes (e.g. "merged with #12"): not
    # the citizen's history.
    history = [
        change
        for change in initiative.history.order_by("created_at", "pk")
        if change.from_status != change.to_status
    ]
    return {
        "initiative": initiative,
        "place": place,
        "explanation": _status_explanation(initiative),
        "history": history,
        "thread": thread,
        "idea_files": [a for a in files if a.message_id is None],
        "activities": initiative.activities.public().select_related("branch").order_by("starts_at"),
        "target_groups": initiative.target_groups.all(),
        "form": form,
        "may_withdraw": _may_withdraw(initiative),
        "page_url": place.url(),
        "withdraw_url": place.url("_withdraw"),
        "delete_url": place.url("_delete"),
    }


@require_http_methods(["GET", "POST"])
def _detail(request, place: _Place):
    posted = request.method == "POST"
    form = MessageForm(request.POST, request.FILES) if posted else MessageForm()
    if posted:
        if form.is_valid():
            try:
                initiative_citizen_post(
                    initiative=place.initiative,
                    body=form.cleaned_data["body"],
                    attachments=form.cleaned_data["attachments"],
                )
            except InitiativeError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Tak. Din besked er sendt til biblioteket."))
                return redirect(place.url() + "#beskeder")
        _ask_for_files_again(form)
    return render(request, "initiatives/public/detail.html", _detail_context(place, form))


@require_http_methods(["GET", "POST"])
def _withdraw(request, place: _Place):
    initiative = place.initiative
    if not _may_withdraw(initiative):
        messages.info(
            request,
            _("Idéen kan ikke trækkes tilbage, når den har status '%(status)s'.")
            % {"status": initiative.get_status_display()},
        )
        return redirect(place.url())
    posted = request.method == "POST"
    form = WithdrawForm(request.POST) if posted else WithdrawForm()
    if posted and form.is_valid():
        try:
            initiative_change_status(
                initiative=initiative,
                to_status=Status.WITHDRAWN,
                acting_user=request.user if request.user.is_authenticated else None,
                message=form.cleaned_data["reason"],
                by_citizen=True,
            )
        except InitiativeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Du har trukket idéen tilbage."))
            return redirect(place.url())
    return render(
        request,
        "initiatives/public/withdraw.html",
        {"initiative": initiative, "form": form, "page_url": place.url()},
    )


@require_http_methods(["GET", "POST"])
def _delete(request, place: _Place):
    if request.method == "POST":
        initiative_request_deletion(initiative=place.initiative)
        return redirect("initiatives:deleted")
    return render(
        request,
        "initiatives/public/delete.html",
        {"initiative": place.initiative, "page_url": place.url()},
    )


@require_GET
def _file(request, place: _Place, file_pk: int):
    token = place.token or None
    attachment = access_attachment(request.user, file_pk, token=token)
    if attachment.initiative_id != place.initiative.pk:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


track = _via_token(_detail)
track_withdraw = _via_token(_withdraw)
track_delete = _via_token(_delete)
track_file = _via_token(_file)

my_initiative = _via_account(_detail)
mine_withdraw = _via_account(_withdraw)
mine_delete = _via_account(_delete)
mine_file = _via_account(_file)


@require_GET
def deleted(request):
    return render(request, "initiatives/public/deleted.html")


@login_required
@require_GET
def my_initiatives(request):
    initiatives = (
        Initiative.objects.filter(citizen=request.user, anonymised_at__isnull=True)
        .select_related("preferred_branch")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "initiatives/public/mine.html", {"page": page})


# --- Showcase -----------------------------------------------------------------------------------


@require_GET
def showcase(request):
    initiatives = (
        Initiative.objects.filter(status__in=REALISED_STATUSES)
        .exclude(public_summary="")
        .prefetch_related(
            "target_groups",
            "focus_areas",
            Prefetch(
                "activities",
                queryset=Activity.objects.public().select_related("branch").order_by("starts_at"),
                to_attr="public_activities",
            ),
            # "Sammen med": the partners linked to the idea, only those shown publicly. The link
            # model belongs to partnerships (which builds on initiatives), so it is reached
            # through the reverse relation rather than imported.
            Prefetch(
                "partner_links",
                queryset=Initiative.partner_links.rel.related_model.objects.filter(
                    partner__is_public=True, partner__is_active=True
                )
                .select_related("partner")
                .order_by("partner__name"),
                to_attr="public_partner_links",
            ),
        )
        .order_by("-status_changed_at", "-pk")
    )
    page = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "initiatives/public/showcase.html", {"page": page})
