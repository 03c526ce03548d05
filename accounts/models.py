from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class Role(models.TextChoices):
    """What a person is to the library. Tovholder and koordinator are not roles of their own:
    they are staff who lead a Branch or coordinate a Team (see organisation.access)."""

    CITIZEN = "citizen", _("Borger")
    STAFF = "staff", _("Medarbejder")
    MANAGER = "manager", _("Chef")
    ADMINISTRATOR = "administrator", _("Administrator")


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail"), unique=True)
    name = models.CharField(_("navn"), max_length=150, blank=True)
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.CITIZEN)
    title = models.CharField(_("stilling"), max_length=120, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")
        ordering = ["name", "email"]

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name or self.email

    def get_short_name(self):
        return (self.name.split() or [self.email])[0]

    @property
    def is_library_staff(self) -> bool:
        return self.is_active and self.role in STAFF_ROLES

    @property
    def is_manager(self) -> bool:
        return self.is_active and self.role in {Role.MANAGER, Role.ADMINISTRATOR}


STAFF_ROLES = {Role.STAFF, Role.MANAGER, Role.ADMINISTRATOR}


class AuditEntry(models.Model):
    """Who changed what, when. Written by services for every meaningful state change."""

    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    action = models.CharField(max_length=60)
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=40)
    target_repr = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("logpost")
        verbose_name_plural = _("log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor}: {self.action} {self.target_repr}"


class ConsentText(models.Model):
    """A versioned consent text. A person's consent records the exact version they saw;
    a changed text is a new row with the next version, never an edit."""

    purpose = models.SlugField(_("formål"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("tekst"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("samtykketekst")
        verbose_name_plural = _("samtykketekster")
        ordering = ["purpose", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="consent_text_version")
        ]

    def __str__(self):
        return f"{self.purpose} v{self.version}"

    @classmethod
    def current(cls, purpose: str) -> "ConsentText":
        text = cls.objects.filter(purpose=purpose).order_by("-version").first()
        if text is None:
            raise cls.DoesNotExist(f"No consent text for {purpose!r}; add one in the admin.")
        return text
