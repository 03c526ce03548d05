from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def get_from_email(self):
        return settings.DEFAULT_FROM_EMAIL

    def save_user(self, request, user, form, commit=True):
        # Everyone who signs up is a citizen; staff roles are given by a manager/administrator.
        user = super().save_user(request, user, form, commit=False)
        from .models import Role

        user.role = Role.CITIZEN
        if commit:
            user.save()
        return user


def axes_username(request, credentials) -> str:
    """The account a login attempt is for, as django-axes counts failures.

    allauth passes ``email=``, Django's admin ``username=`` (axes renames that to ``login``);
    lower-cased because the login ignores case, so 'Anna@X.dk' and 'anna@x.dk' share a count.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value:
        value = request.POST.get("login") or request.POST.get("username") or ""
    return str(value).strip().lower()
