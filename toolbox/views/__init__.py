"""The toolbox's pages; each module keeps its routes (``patterns``) next to its views."""

from django.http import QueryDict


def is_partial(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def query_without(params: QueryDict, *names: str) -> str:
    """The query string without ``names`` (for pagination links that keep every filter)."""
    params = params.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()
