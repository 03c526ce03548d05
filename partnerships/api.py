"""API views; ROUTES is registered on the one router in portal/api_urls.py."""

# (prefix, viewset, basename)
ROUTES = []
