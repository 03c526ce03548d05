"""Public verification ("Bekræft en aftale"): is this PDF, or this SHA-256, an agreement the
library signed? Anyone may ask; the answer names the agreement, the parties, and who signed when
(names and roles only: never IP addresses, browsers or email addresses). Files are hashed in
memory and not stored."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_http_methods

from organisation.models import Library

from ..forms_workflow import VerifyForm
from ..services.signing import sha256_hex, verify_sha256


@require_http_methods(["GET", "POST"])
def verify(request):
    posted = request.method == "POST"
    form = VerifyForm(request.POST if posted else None, request.FILES if posted else None)
    result = None
    if posted and form.is_valid():
        data = form.cleaned_data.get("file")
        sha256 = sha256_hex(data) if data else form.cleaned_data["sha256"]
        result = verify_sha256(sha256)
        if result.kind != "none":
            form = VerifyForm()  # a fresh form under the answer, for the next check
    return render(
        request,
        "partnerships/verify.html",
        {"form": form, "result": result, "library": Library.load()},
    )


patterns = [
    path("aftaler/bekraeft/", verify, name="verify"),
]
