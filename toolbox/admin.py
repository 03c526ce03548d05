"""Django admin for IT. Staff work in the back office (/personale/vaerktoejskasse/). Self-
assessments are not here at all: they are each person's own (toolbox/services/competence.py)."""

from django.contrib import admin

from .models import CompetenceArea, ExperienceLog, Method, MethodStep, SessionPlan, ToolboxSettings


class MethodStepInline(admin.TabularInline):
    model = MethodStep
    extra = 0


@admin.register(Method)
class MethodAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "participation_level", "status", "last_reviewed"]
    list_filter = ["status", "category", "participation_level", "setting"]
    search_fields = ["title", "summary", "slug"]
    filter_horizontal = ["related", "competence_areas"]
    inlines = [MethodStepInline]


@admin.register(CompetenceArea)
class CompetenceAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "order"]


@admin.register(SessionPlan)
class SessionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "owner"]
    list_select_related = ["owner"]
    search_fields = ["title"]


@admin.register(ExperienceLog)
class ExperienceLogAdmin(admin.ModelAdmin):
    list_display = ["method", "date", "rating", "author"]
    list_select_related = ["method", "author"]
    list_filter = ["rating"]


@admin.register(ToolboxSettings)
class ToolboxSettingsAdmin(admin.ModelAdmin):
    list_display = ["public_methods", "updated_at"]
