from django.contrib import admin

from .models import Activity, ActivityCoHost


class ActivityCoHostInline(admin.TabularInline):
    model = ActivityCoHost
    extra = 1
    fields = ["kind", "name", "user", "show_publicly"]
    raw_id_fields = ["user"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """For IT administrators. Staff work on the staff pages, which go through the services
    (validation, audit log, initiatives moving along); changes made here skip all of that."""

    list_display = ["title", "branch", "starts_at", "status", "is_public", "attendance_total"]
    list_filter = ["status", "is_public", "branch"]
    search_fields = ["title", "description", "place"]
    date_hierarchy = "starts_at"
    list_select_related = ["branch"]
    filter_horizontal = ["target_groups", "focus_areas"]
    raw_id_fields = ["created_by", "attendance_recorded_by"]
    readonly_fields = ["created_at", "updated_at", "attendance_recorded_at"]
    inlines = [ActivityCoHostInline]
    fieldsets = [
        (None, {"fields": ["title", "description", "branch", "place", "starts_at", "ends_at"]}),
        (None, {"fields": ["target_groups", "focus_areas", "is_public"]}),
        (None, {"fields": ["status", "cancel_reason"]}),
        (
            None,
            {
                "fields": [
                    "attendance_total",
                    "attendance_children",
                    "evaluation",
                    "attendance_recorded_at",
                    "attendance_recorded_by",
                ]
            },
        ),
        (None, {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
