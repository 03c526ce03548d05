"""Public forms anyone may send without an account ("Foreslå et initiativ", "Bliv
samarbejdspartner"): one set of spam rules and the versioned consent box.

- A honeypot field people never see (``TrapInput``, rendered last by partials/public_form.html).
- A signed "the form was shown at" time: a form sent faster than SAMMEN_FORM_MIN_SECONDS is
  treated as a robot. A resend keeps the first time, so waiting counts.
- A per-IP-address limit per hour (``RateLimit``), counted only for forms that were accepted.
- Consent is to the exact ConsentText version shown; if the text changes while the form is open,
  the box comes back unticked under the new text.

What was typed is always kept when a rule refuses a form.
"""

import time

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_STARTED_SALT = "portal.spam.started"
RATE_WINDOW_SECONDS = 3600

SPAM_TRAP_MESSAGE = _(
    "Vi kunne ikke tage imod formularen, fordi et skjult felt var udfyldt. Det sker nogle gange, "
    "når browseren selv udfylder felter. Se dine oplysninger igennem, og send igen."
)
TOO_FAST_MESSAGE = _(
    "Formularen blev sendt meget hurtigt, så vi skal lige være sikre på, at du ikke er en "
    "robot. Vent et øjeblik og send igen – det, du har skrevet, er gemt herunder."
)
CONSENT_REQUIRED_MESSAGE = _(
    "Sæt kryds for at give dit samtykke. Uden det må vi ikke gemme dine kontaktoplysninger, og "
    "så kan vi ikke svare dig."
)
CONSENT_CHANGED_MESSAGE = _(
    "Teksten om samtykke er blevet ændret, mens du udfyldte formularen. Læs den nye tekst, "
    "og sæt kryds igen."
)


def started_token() -> str:
    """A signed 'the form was shown now', so a submission can be refused as too fast."""
    return signing.dumps(time.time(), salt=_STARTED_SALT)


def started_at(token: str | None) -> float | None:
    try:
        return float(signing.loads(token or "", salt=_STARTED_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


class TrapInput(forms.TextInput):
    """The honeypot's input: never shown with a value, never reached with Tab, never filled
    by the browser's autocomplete. Hidden from people by CSS and from screen readers by the
    wrapper's aria-hidden (see partials/public_form.html)."""

    def __init__(self):
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off"})

    def format_value(self, value):
        return None


class _SummaryOnly:
    """The portal's form template (error summary and hidden fields) without the visible fields,
    so a public form can lay its visible fields out in fieldsets after it."""

    def __init__(self, form):
        self._form = form

    @property
    def errors(self):
        return self._form.errors

    def non_field_errors(self):
        return self._form.non_field_errors()

    def __iter__(self):
        return iter(self._form)

    def hidden_fields(self):
        return self._form.hidden_fields()

    def visible_fields(self):
        return []


class PublicForm(forms.Form):
    """A form anyone may send: the honeypot (field ``TRAP_FIELD``), the minimum fill time and,
    when ``consent_text`` is given, the consent box under that text (fields ``consent`` and
    ``consent_version``, added last)."""

    # The honeypot's name: something a robot wants to fill in. A form with a real field of
    # that name picks another.
    TRAP_FIELD = "website"
    # The visible fields in fieldsets: (name, legend, hint, [field names]). Rendered by
    # partials/public_form.html after the error summary, with the honeypot last.
    FIELDSETS: list = []
    template_name = "partials/public_form.html"

    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, data=None, *args, consent_text=None, **kwargs):
        self.consent_text = consent_text
        self.consent_text_changed = False
        self.started_at = None
        if data is not None:
            data = data.copy()
            self.started_at = started_at(data.get("started"))
            if consent_text is not None and data.get("consent_version") != str(
                consent_text.version
            ):
                # The text changed while the form was open: consent is to the text one has
                # read, so the box is shown unticked under the new text.
                self.consent_text_changed = True
                data.pop("consent", None)
                data["consent_version"] = str(consent_text.version)
            if self.started_at is None:
                # A missing or forged start time: the resend is timed from now. A genuine one
                # is kept, so a resend counts from when the form was first shown.
                data["started"] = started_token()
        if consent_text is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"] = {**kwargs["initial"], "consent_version": consent_text.version}
        super().__init__(data, *args, **kwargs)
        if consent_text is not None:
            self.fields["consent"] = forms.BooleanField(
                label=_("Ja, jeg giver mit samtykke"),
                help_text=consent_text.text,
                error_messages={
                    "required": CONSENT_CHANGED_MESSAGE
                    if self.consent_text_changed
                    else CONSENT_REQUIRED_MESSAGE
                },
            )
            self.fields["consent_version"] = forms.IntegerField(widget=forms.HiddenInput)
        self.fields[self.TRAP_FIELD] = forms.CharField(
            label=_("Lad dette felt være tomt"), required=False, widget=TrapInput()
        )
        if not self.is_bound:
            self.initial["started"] = started_token()

    def summary_only(self):
        return _SummaryOnly(self)

    def fieldsets(self):
        return [
            {"name": name, "legend": legend, "hint": hint, "fields": [self[f] for f in fields]}
            for name, legend, hint, fields in self.FIELDSETS
        ]

    @property
    def trap(self):
        return self[self.TRAP_FIELD]

    def visible_fields(self):
        # The honeypot is rendered on its own, inside its hidden wrapper.
        return [field for field in super().visible_fields() if field.name != self.TRAP_FIELD]

    def clean(self):
        cleaned = super().clean()
        if self.data.get(self.TRAP_FIELD):
            raise ValidationError(SPAM_TRAP_MESSAGE, code="spam_trap")
        if (
            self.started_at is None
            or time.time() - self.started_at < settings.SAMMEN_FORM_MIN_SECONDS
        ):
            raise ValidationError(TOO_FAST_MESSAGE, code="too_fast")
        return cleaned


# --- Per-address rate limit ----------------------------------------------------------------------


def client_ip(request) -> str:
    """The same client address as the login throttling sees (honours AXES_PROXY_COUNT behind
    a reverse proxy, where REMOTE_ADDR would be the proxy for everyone)."""
    return get_client_ip_address(request) or ""


def ip_hash(ip: str) -> str:
    """A keyed hash of an IP address, for storing next to a submission without the address."""
    return salted_hmac("portal.spam.ip", ip).hexdigest()


class RateLimit:
    """At most ``settings.<setting>`` accepted forms per address per hour, kept in the cache."""

    def __init__(self, name: str, setting: str = "SAMMEN_PROPOSALS_PER_IP_PER_HOUR"):
        self.name = name
        self.setting = setting

    def _key(self, ip: str) -> str:
        return f"{self.name}:{ip}"

    def _recent(self, ip: str) -> list[float]:
        now = time.time()
        return [t for t in cache.get(self._key(ip), []) if now - t < RATE_WINDOW_SECONDS]

    def exceeded(self, ip: str) -> bool:
        return len(self._recent(ip)) >= getattr(settings, self.setting)

    def count(self, ip: str) -> None:
        # Not atomic: two forms in the same instant may both pass. The limit stops floods from
        # one address; it does not need to be exact.
        cache.set(self._key(ip), [*self._recent(ip), time.time()], RATE_WINDOW_SECONDS)


def rate_limit_message(library, first: str) -> str:
    """``first`` says what happened ("Du har sendt mange forslag den sidste time"); the rest
    tells the person how else to reach the library."""
    if library.phone and library.email:
        rest = gettext(
            "prøv igen senere, eller ring til os på %(phone)s eller skriv til %(email)s."
        ) % {"phone": library.phone, "email": library.email}
    elif library.phone:
        rest = gettext("prøv igen senere, eller ring til os på %(phone)s.") % {
            "phone": library.phone
        }
    elif library.email:
        rest = gettext("prøv igen senere, eller skriv til os på %(email)s.") % {
            "email": library.email
        }
    else:
        rest = gettext("prøv igen senere, eller kontakt dit bibliotek.")
    return f"{first} – {rest}"
