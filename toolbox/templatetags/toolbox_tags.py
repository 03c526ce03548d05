from django import template

from ..services.logs import methods_used_for_activity, methods_used_for_initiative

register = template.Library()


@register.inclusion_tag("toolbox/_used_here.html")
def methods_used_here(initiative):
    """'Metoder brugt her' on an initiative's staff page (one query)."""
    return {"methods_used": methods_used_for_initiative(initiative)}


@register.inclusion_tag("toolbox/_used_here.html")
def methods_used_at_activity(activity):
    """'Metoder brugt her' on an activity's staff page (one query)."""
    return {"methods_used": methods_used_for_activity(activity)}
