"""Django admin for IT. Staff work in the back office (/personale/frivillige/); what the services
own (a model version's text, an application's status and decision, consent) is read-only here,
because only the services may change it (they audit it, email people and renew agreements)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Application,
    OnboardingItem,
    RoleQuestion,
    ScreeningNote,
    VolunteerModel,
    VolunteerRole,
)


@admin.register(VolunteerModel)
class VolunteerModelAdmin(admin.ModelAdmin):
    """A published version is never edited: publish a new one in the back office."""

    list_display = ["version", "published_at", "published_by", "med_agreed_on", "insurance_basis"]
    readonly_fields = [
        "version",
        "introduction",
        "value_contexts",
        "supplement_principle",
        "library_offers",
        "library_expects",
        "insurance_basis",
        "insurance_details",
        "med_agreed_on",
        "published_at",
        "published_by",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RoleQuestionInline(admin.TabularInline):
    model = RoleQuestion
    extra = 0
    fields = ["order", "text", "required"]


class OnboardingItemInline(admin.TabularInline):
    model = OnboardingItem
    extra = 0
    fields = ["order", "text"]


@admin.register(VolunteerRole)
class VolunteerRoleAdmin(admin.ModelAdmin):
    list_display = ["title", "branch", "team", "status", "involves_children", "version"]
    list_filter = ["status", "branch", "team", "involves_children"]
    search_fields = ["title", "purpose", "tasks"]
    list_select_related = ["branch", "team"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["contact_person", "activity"]
    filter_horizontal = ["target_groups", "focus_areas"]
    # The version counts changes to what agreements are built from; the back office bumps it.
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [RoleQuestionInline, OnboardingItemInline]


class ScreeningNoteInline(admin.StackedInline):
    model = ScreeningNote
    extra = 0
    fields = ["author", "body", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["author"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["id", "volunteer", "role", "status", "created_at", "decided_at"]
    list_filter = ["status", "role__branch", "role"]
    search_fields = ["volunteer__user__name", "volunteer__user__email", "role__title"]
    date_hierarchy = "created_at"
    list_select_related = ["volunteer__user", "role"]
    raw_id_fields = ["volunteer", "role"]
    inlines = [ScreeningNoteInline]
    readonly_fields = [
        "status",
        "decided_by",
        "decided_at",
        "decision_reason",
        "consent_text",
        "consented_at",
        "answers",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            _("Ansøgningen"),
            {
                "fields": [
                    "volunteer",
                    "role",
                    "motivation",
                    "experience",
                    "availability",
                    "languages",
                    "answers",
                    "consent_text",
                    "consented_at",
                    "created_at",
                ]
            },
        ),
        (
            _("Beslutning"),
            {"fields": ["status", "decided_by", "decided_at", "decision_reason", "updated_at"]},
        ),
    ]

    def has_add_permission(self, request):
        # An application is the applicant's own, with their consent: made on the portal only.
        return False
