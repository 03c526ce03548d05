from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from .access import staff_required
from .forms import ProfileForm
from .services import api_token_revoke, api_token_rotate


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Dine oplysninger er gemt."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@staff_required
def api_token(request):
    token = Token.objects.filter(user=request.user).first()
    # Shown once, right after it was made (post/redirect/get: reloading makes no new key).
    new_key = request.session.pop("new_api_key", None)
    just_created = bool(token and new_key and new_key == token.key)
    return render(
        request, "accounts/api_token.html", {"token": token, "just_created": just_created}
    )


@staff_required
@require_POST
def api_token_new(request):
    token = api_token_rotate(user=request.user)
    request.session["new_api_key"] = token.key
    messages.success(request, _("Din nye API-nøgle er lavet. Den gamle virker ikke længere."))
    return redirect("accounts:api_token")


@staff_required
@require_POST
def api_token_delete(request):
    api_token_revoke(user=request.user)
    messages.success(request, _("Din API-nøgle er slettet."))
    return redirect("accounts:api_token")
