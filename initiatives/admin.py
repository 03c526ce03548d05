"""Django admin for IT. Staff work in the back office (/personale/initiativer/); the status, the
history and the tracking link are read-only here, because only the services may change them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Attachment, Initiative, Message, StatusChange


class MessageInline(admin.StackedInline):
    model = Message
    extra = 0
    fields = ["kind", "author", "author_name", "body", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["author"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "content_type", "size", "from_citizen", "message", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    """The history is a record of what happened: nobody edits, adds or deletes it."""

    model = StatusChange
    extra = 0
    fields = [
        "created_at",
        "actor_label",
        "from_status",
        "to_status",
        "message",
        "citizen_notified",
    ]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "status", "channel", "preferred_branch", "owner", "created_at"]
    list_filter = ["status", "channel", "preferred_branch", "participation_level"]
    search_fields = ["title", "description", "contact_name", "contact_email"]
    date_hierarchy = "created_at"
    list_select_related = ["preferred_branch", "owner"]
    raw_id_fields = ["citizen", "owner", "registered_by", "duplicate_of"]
    filter_horizontal = ["target_groups", "focus_areas", "activities"]
    readonly_fields = [
        "status",
        "status_changed_at",
        "first_response_due",
        "first_responded_at",
        "consent_text",
        "consented_at",
        "deletion_requested_at",
        "anonymised_at",
        "created_at",
        "updated_at",
    ]
    inlines = [MessageInline, AttachmentInline, StatusChangeInline]
    fieldsets = [
        (
            _("Idéen"),
            {
                "fields": [
                    "title",
                    "description",
                    "citizen_role",
                    "format",
                    "target_groups",
                    "preferred_branch",
                    "preferred_time",
                    "expected_participants",
                    ("needs_room", "needs_equipment", "needs_marketing", "needs_staff_help"),
                    "needs_other",
                    "together_with",
                ]
            },
        ),
        (
            _("Borgeren"),
            {
                "fields": [
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                    "citizen",
                    "consent_text",
                    "consented_at",
                    "name_may_be_shown",
                    "channel",
                    "registered_by",
                    "language",
                    "deletion_requested_at",
                    "anonymised_at",
                ]
            },
        ),
        (
            _("Behandling"),
            {
                "fields": [
                    "status",
                    "status_changed_at",
                    "owner",
                    "first_response_due",
                    "first_responded_at",
                    "participation_level",
                    "focus_areas",
                    "involved",
                    "referred_to",
                    "duplicate_of",
                    "public_summary",
                    "activities",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
