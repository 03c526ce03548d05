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
