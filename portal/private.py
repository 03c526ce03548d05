"""Pages reached through a private link (a citizen's tracking link, a partner's review link)."""

import functools

from django.utils.cache import add_never_cache_headers


def private_link_page(view):
    """Not indexed, not cached, and the private link never passed on in a Referer header. The
    policy is strict-origin (only ever the site's origin, never the path with the token) rather
    than no-referrer: under no-referrer, browsers send ``Origin: null`` with the page's own
    forms, which Django's CSRF check refuses."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "strict-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        add_never_cache_headers(response)
        return response

    return wrapper
