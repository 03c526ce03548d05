"""shifts pages of the volunteers app (see volunteers/urls.py)."""

patterns = []
