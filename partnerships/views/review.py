"""The partner's side: one agreement, reached through a personal, signed, expiring link.

The partner contact never logs in. The token in the URL names a ReviewInvitation
(``services.workflow.invitation_from_token``); a tampered, expired or revoked link, or one that
is used for another agreement's files, gets a friendly page saying what to do (404/410), never
a 500. Through the link the contact sees only that agreement: its current text, comments per
section with the library's replies, "Godkend til underskrift", signing (if they may sign), and
the stored PDFs.

The pages are not indexed or cached, and the link never leaves in a Referer header.
"""

import functools

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.private import private_link_page

from ..forms_workflow import ChangesForm, CommentForm, SignForm
from ..models import AgreementStatus, SignatureParty
from ..services import PartnershipError
from ..services.signing import RequestMeta, agreement_sign, may_sign, version_to_sign
from ..services.workflow import (
    ReviewLinkRefused,
    invitation_from_token,
    review_accept,
    review_comment,
    review_opened,
    review_request_changes,
)
from .workflow import final_pdf_response, version_pdf_response

REFUSED_STATUS = {"invalid": 404, "expired": 410, "revoked": 410}


def _via_link(view):
    @private_link_page
    @functools.wraps(view)
    def wrapper(request, token, *args, **kwargs):
        try:
            invitation = invitation_from_token(token)
        except ReviewLinkRefused as refused:
            return render(
                request,
                "partnerships/review/link_refused.html",
                {"reason": refused.reason},
                status=REFUSED_STATUS[refused.reason],
            )
        return view(request, invitation, token, *args, **kwargs)

    return wrapper


def _sections_with_comments(version, comments):
    by_key: dict[str, list] = {}
    for comment in comments:
        by_key.setdefault(comment.section_key, []).append(comment)
    sections = (version.content or {}).get("sections", []) if version else []
    return [
        {"key": s["key"], "title": s["title"], "comments": by_key.get(s["key"], [])}
        for s in sections
    ]


def _page(request, invitation, token, *, comment_form=None, changes_form=None, sign_form=None):
    agreement = invitation.agreement
    contact = invitation.contact
    status = agreement.status
    version = version_to_sign(agreement) if status != AgreementStatus.IN_REVIEW else None
    if version is None:
        version = agreement.latest_version()
    comments = list(
        agreement.comments.select_related("contact", "author").order_by("created_at", "pk")
    )
    in_review = status == AgreementStatus.IN_REVIEW
    partner_may_sign = contact.may_sign and may_sign(agreement, SignatureParty.PARTNER)
    signatures = list(agreement.signatures.order_by("signed_at", "pk"))
    context = {
        "agreement": agreement,
        "invitation": invitation,
        "contact": contact,
        "token": token,
        "version": version,
        "content": version.content if version else {},
        "sections": _sections_with_comments(version, comments),
        "has_comments": bool(comments),
        "in_review": in_review,
        "comment_form": (
            comment_form
            or CommentForm(version=version, initial={"section_key": request.GET.get("afsnit")})
        )
        if in_review
        else None,
        # "Kommentér dette afsnit" under each section of the document, while comments are open.
        "comment_link": request.path if in_review else "",
        "changes_form": (changes_form or ChangesForm()) if in_review else None,
        "sign_form": (sign_form or SignForm(initial={"typed_name": contact.name}))
        if partner_may_sign
        else None,
        "signatures": signatures,
        "to_sign_pdf_url": reverse("partnerships:review_pdf", args=[token, version.pk])
        if version and version.pdf
        else "",
        "final_pdf_url": reverse("partnerships:review_final_pdf", args=[token])
        if agreement.is_signed
        else "",
        "waiting_for_library": status == AgreementStatus.READY_TO_SIGN
        and may_sign(agreement, SignatureParty.LIBRARY),
    }
    return render(request, "partnerships/review/detail.html", context)


@require_GET
@_via_link
def review(request, invitation, token):
    review_opened(invitation)
    return _page(request, invitation, token)


def _back(token, anchor=""):
    return redirect(reverse("partnerships:review", args=[token]) + anchor)


@require_POST
@_via_link
def review_comment_view(request, invitation, token):
    version = invitation.agreement.latest_version()
    form = CommentForm(request.POST, version=version)
    if form.is_valid():
        try:
            review_comment(
                invitation=invitation,
                section_key=form.cleaned_data["section_key"],
                text=form.cleaned_data["text"],
            )
        except PartnershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Tak. Din kommentar er sendt til biblioteket."))
            return _back(token, "#kommentarer")
    return _page(request, invitation, token, comment_form=form)


@require_POST
@_via_link
def review_accept_view(request, invitation, token):
    try:
        review_accept(invitation=invitation)
    except PartnershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Tak. Aftalen er godkendt til underskrift. Den kan nu underskrives af begge parter."),
        )
    return _back(token)


@require_POST
@_via_link
def review_changes_view(request, invitation, token):
    form = ChangesForm(request.POST)
    if form.is_valid():
        try:
            review_request_changes(invitation=invitation, note=form.cleaned_data["note"])
        except PartnershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Tak. Biblioteket retter aftalen og sender den til jer igen.")
            )
            return _back(token)
    return _page(request, invitation, token, changes_form=form)


@require_http_methods(["POST"])
@_via_link
def review_sign_view(request, invitation, token):
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            agreement_sign(
                agreement=invitation.agreement,
                party=SignatureParty.PARTNER,
                typed_name=form.cleaned_data["typed_name"],
                consent=form.cleaned_data["consent"],
                meta=RequestMeta.from_request(request),
                invitation=invitation,
            )
        except PartnershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Tak. Du har underskrevet aftalen."))
            return _back(token)
    return _page(request, invitation, token, sign_form=form)


@require_GET
@_via_link
def review_pdf(request, invitation, token, version_pk):
    # get_object_or_404 on the invitation's own agreement: another agreement's version is a 404.
    return version_pdf_response(invitation.agreement, version_pk)


@require_GET
@_via_link
def review_final_pdf(request, invitation, token):
    if not invitation.agreement.is_signed:
        raise Http404
    return final_pdf_response(invitation.agreement)


patterns = [
    path("aftaler/gennemsyn/<str:token>/", review, name="review"),
    path("aftaler/gennemsyn/<str:token>/kommentar/", review_comment_view, name="review_comment"),
    path("aftaler/gennemsyn/<str:token>/godkend/", review_accept_view, name="review_accept"),
    path("aftaler/gennemsyn/<str:token>/ret/", review_changes_view, name="review_changes"),
    path("aftaler/gennemsyn/<str:token>/underskriv/", review_sign_view, name="review_sign"),
    path(
        "aftaler/gennemsyn/<str:token>/version/<int:version_pk>/pdf/",
        review_pdf,
        name="review_pdf",
    ),
    path("aftaler/gennemsyn/<str:token>/aftale.pdf", review_final_pdf, name="review_final_pdf"),
]
