"""The agreement's workflow on the staff side: status buttons, review invitations, replies to
the partner's comments, signing for the library, termination, renewal, and the stored PDFs.

Thin views: access check, validate, call a service (services.workflow, services.signing),
redirect or render. A PDF is always served from storage: its bytes never change once stored.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import staff_required

from ..access import access_agreement, can_sign_for_library
from ..forms_workflow import InviteForm, SignForm, StatusNoteForm, TerminateForm
from ..models import Agreement, SectionComment, SignatureParty
from ..services import PartnershipError
from ..services.signing import (
    RequestMeta,
    agreement_sign,
    final_pdf_ensure,
    may_sign,
    version_to_sign,
)
from ..services.workflow import (
    agreement_amend,
    agreement_change_status,
    agreement_renew,
    agreement_terminate,
    comment_reply,
    comment_resolve,
    review_invite,
    review_resend,
    review_revoke,
)


def _detail(agreement: Agreement):
    return redirect("partnerships:agreement_detail", pk=agreement.pk)


def pdf_response(field, sha256: str, filename: str) -> FileResponse:
    """The stored bytes as they are, with their recorded SHA-256 in a header."""
    response = FileResponse(
        field.open("rb"), as_attachment=False, filename=filename, content_type="application/pdf"
    )
    response["X-Content-SHA256"] = sha256
    response["Cache-Control"] = "private, no-store"
    return response


def version_pdf_response(agreement: Agreement, version_pk: int) -> FileResponse:
    version = get_object_or_404(agreement.versions, pk=version_pk)
    if not version.pdf:
        raise Http404
    return pdf_response(
        version.pdf, version.pdf_sha256, f"aftale-{agreement.number}-v{version.number}.pdf"
    )


def final_pdf_response(agreement: Agreement) -> FileResponse:
    if not agreement.is_signed:
        raise Http404
    if not agreement.final_pdf:
        # Rendering after the second signature failed or has not run yet: render (once) now.
        agreement = final_pdf_ensure(agreement)
    return pdf_response(
        agreement.final_pdf, agreement.final_pdf_sha256, f"aftale-{agreement.number}.pdf"
    )


@staff_required
@require_POST
def agreement_status(request, pk):
    agreement = access_agreement(request.user, pk, write=True)
    form = StatusNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg en status."))
        return _detail(agreement)
    try:
        agreement_change_status(
            agreement=agreement,
            to_status=form.cleaned_data["to_status"],
            acting_user=request.user,
            note=form.cleaned_data["note"],
        )
    except PartnershipError as error:
        messages.error(request, str(error))
    else:
        agreement.refresh_from_db()
        messages.success(
            request,
            _("Aftalen har nu status: %(status)s.") % {"status": agreement.get_status_display()},
        )
    return _detail(agreement)


@staff_required
@require_http_methods(["GET", "POST"])
def agreement_invite(request, pk):
    agreement = access_agreement(request.user, pk, write=True)
    form = InviteForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = review_invite(
                agreement=agreement,
                contact=form.cleaned_data["contact"],
                acting_user=request.user,
                days=form.cleaned_data["days"],
                note=form.cleaned_data["note"],
            )
        except PartnershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Vi har sendt et link til %(name)s (%(email)s).")
                % {"name": invitation.contact.name, "email": invitation.contact.email},
            )
            return _detail(agreement)
    return render(
        request, "partnerships/agreements/invite.html", {"agreement": agreement, "form": form}
    )


def _invitation(agreement: Agreement, invitation_pk: int):
    return get_object_or_404(
        agreement.review_invitations.select_related("contact"), pk=invitation_pk
    )


@staff_required
@require_POST
def invitation_revoke(request, pk, invitation_pk):
    agreement = access_agreement(request.user, pk, write=True)
    invitation = _invitation(agreement, invitation_pk)
    try:
        review_revoke(invitation=invitation, acting_user=request.user)
    except PartnershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Linket til %(name)s virker ikke længere.") % {"name": invitation.contact.name},
        )
    return _detail(agreement)


@staff_required
@require_POST
def invitation_resend(request, pk, invitation_pk):
    agreement = access_agreement(request.user, pk, write=True)
    invitation = _invitation(agreement, invitation_pk)
    try:
        review_resend(invitation=invitation, acting_user=request.user)
    except PartnershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s har fået et nyt link. Det gamle virker ikke længere.")
            % {"name": invitation.contact.name},
        )
    return _detail(agreement)


@staff_required
@require_POST
def comment_reply_view(request, pk):
    agreement = access_agreement(request.user, pk, write=True)
    text = request.POST.get("text", "")
    try:
        comment_reply(
            agreement=agreement,
            section_key=request.POST.get("section_key", ""),
            text=text,
            acting_user=request.user,
        )
    except PartnershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Dit svar er gemt. Partneren kan se det via sit link."))
    return _detail(agreement)


@staff_required
@require_POST
def comment_resolve_view(request, pk, comment_pk):
    agreement = access_agreement(request.user, pk, write=True)
    comment = get_object_or_404(SectionComment, pk=comment_pk, agreement=agreement)
    comment_resolve(comment=comment, acting_user=request.user)
    messages.success(request, _("Kommentaren er markeret som løst."))
    return _detail(agreement)


def _sign_page(request, agreement, form, status=200):
    version = version_to_sign(agreement)
    return render(
        request,
        "partnerships/agreements/sign.html",
        {"agreement": agreement, "version": version, "form": form},
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def agreement_sign_library(request, pk):
    agreement = access_agreement(request.user, pk)
    if not can_sign_for_library(request.user):
        raise PermissionDenied
    if not may_sign(agreement, SignatureParty.LIBRARY):
        messages.error(request, _("Aftalen venter ikke på bibliotekets underskrift."))
        return _detail(agreement)
    form = SignForm(request.POST or None, initial={"typed_name": request.user.name})
    if request.method == "POST" and form.is_valid():
        try:
            agreement_sign(
                agreement=agreement,
                party=SignatureParty.LIBRARY,
                typed_name=form.cleaned_data["typed_name"],
                consent=form.cleaned_data["consent"],
                meta=RequestMeta.from_request(request),
                user=request.user,
            )
        except PartnershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Du har underskrevet aftalen på bibliotekets vegne."))
            return _detail(agreement)
    return _sign_page(request, agreement, form)


@staff_required
@require_http_methods(["GET", "POST"])
def agreement_terminate_view(request, pk):
    agreement = access_agreement(request.user, pk, write=True)
    form = TerminateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement_terminate(
                agreement=agreement,
                acting_user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except PartnershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Aftalen er opsagt, og partneren har fået besked."))
            return _detail(agreement)
    return render(
        request, "partnerships/agreements/terminate.html", {"agreement": agreement, "form": form}
    )


def _copy_view(service, done_message):
    @staff_required
    @require_POST
    def view(request, pk):
        agreement = access_agreement(request.user, pk, write=True)
        try:
            new = service(agreement=agreement, acting_user=request.user)
        except PartnershipError as error:
            messages.error(request, str(error))
            return _detail(agreement)
        messages.success(request, done_message() % {"number": new.number})
        return _detail(new)

    return view


agreement_renew_view = _copy_view(
    agreement_renew,
    lambda: _(
        "Fornyelsen er oprettet som kladde %(number)s. Ret perioden og teksten, og send "
        "den til partneren."
    ),
)
agreement_amend_view = _copy_view(
    agreement_amend,
    lambda: _(
        "Den nye version er oprettet som kladde %(number)s. Ret teksten, og send den til "
        "partneren. Den gamle aftale gælder, indtil den nye er underskrevet."
    ),
)


@staff_required
@require_GET
def agreement_version_pdf(request, pk, version_pk):
    return version_pdf_response(access_agreement(request.user, pk), version_pk)


@staff_required
@require_GET
def agreement_final_pdf(request, pk):
    return final_pdf_response(access_agreement(request.user, pk))


patterns = [
    path("personale/aftaler/<int:pk>/status/", agreement_status, name="agreement_status"),
    path("personale/aftaler/<int:pk>/send/", agreement_invite, name="agreement_invite"),
    path(
        "personale/aftaler/<int:pk>/link/<int:invitation_pk>/stop/",
        invitation_revoke,
        name="agreement_invitation_revoke",
    ),
    path(
        "personale/aftaler/<int:pk>/link/<int:invitation_pk>/nyt/",
        invitation_resend,
        name="agreement_invitation_resend",
    ),
    path(
        "personale/aftaler/<int:pk>/kommentarer/svar/",
        comment_reply_view,
        name="agreement_comment_reply",
    ),
    path(
        "personale/aftaler/<int:pk>/kommentarer/<int:comment_pk>/loest/",
        comment_resolve_view,
        name="agreement_comment_resolve",
    ),
    path("personale/aftaler/<int:pk>/underskriv/", agreement_sign_library, name="agreement_sign"),
    path("personale/aftaler/<int:pk>/opsig/", agreement_terminate_view, name="agreement_terminate"),
    path("personale/aftaler/<int:pk>/forny/", agreement_renew_view, name="agreement_renew"),
    path("personale/aftaler/<int:pk>/ny-version/", agreement_amend_view, name="agreement_amend"),
    path(
        "personale/aftaler/<int:pk>/version/<int:version_pk>/pdf/",
        agreement_version_pdf,
        name="agreement_version_pdf",
    ),
    path("personale/aftaler/<int:pk>/aftale.pdf", agreement_final_pdf, name="agreement_final_pdf"),
]
