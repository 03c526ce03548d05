from django.contrib import admin

from .models import Branch, FocusArea, FocusTarget, Library, Team


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "cvr"]

    def has_add_permission(self, request):
        return not Library.objects.exists()


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "tovholder", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "branch", "koordinator", "is_active"]
    list_filter = ["branch", "is_active"]
    filter_horizontal = ["members"]


class FocusTargetInline(admin.TabularInline):
    model = FocusTarget
    extra = 1


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FocusTargetInline]
