"""Read a rendered page the way a person sees it: what the fields hold, which errors show.

Tests assert on the HTML a person gets, not on view context, so a template that forgets to
show an error or drops a typed value fails the test.
"""

from html.parser import HTMLParser


class _PageReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, list[str]] = {}
        self.field_errors: dict[str, str] = {}
        self.summary: list[str] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._error_id: str | None = None
        self._error_depth = 0
        self._in_summary = 0
        self._summary_item: list[str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if self._in_summary:
            self._in_summary += 1
        if "data-error-summary" in attrs:
            self._in_summary = 1
        if self._in_summary and tag == "li":
            self._summary_item = []
        if self._error_id is not None:
            self._error_depth += 1
        elif "form-error-message" in classes:
            self._error_id = (attrs.get("id") or "").removesuffix("-error")
            self._error_depth = 1
            self._text = []
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.values.setdefault(name, []).append(attrs.get("value") or "on")
                else:
                    self.values.setdefault(name, [])
            elif kind not in {"submit", "button", "file"}:
                self.values.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = [""]
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select].append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # As in a browser: a newline right after <textarea> is not part of the value.
            value = self.values[self._textarea][0]
            self.values[self._textarea][0] = value.removeprefix("\r\n").removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None
        if self._in_summary:
            if tag == "li" and self._summary_item is not None:
                self.summary.append(" ".join("".join(self._summary_item).split()))
                self._summary_item = None
            self._in_summary -= 1
        if self._error_id is not None:
            self._error_depth -= 1
            if self._error_depth == 0:
                message = " ".join("".join(self._text).split()).removeprefix("Fejl:").strip()
                self.field_errors[self._error_id] = message
                self._error_id = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data
        if self._error_id is not None:
            self._text.append(data)
        if self._summary_item is not None:
            self._summary_item.append(data)


def read_page(response) -> _PageReader:
    reader = _PageReader()
    reader.feed(response.content.decode())
    reader.close()
    return reader


def form_values(response) -> dict[str, str]:
    """Each field's shown value (the first one; a checkbox list gives its ticked values)."""
    values = read_page(response).values
    return {name: (found[0] if len(found) == 1 else found) for name, found in values.items()}


def field_errors(response) -> dict[str, str]:
    """Error text shown under each field, keyed by field name (``id_`` prefix dropped)."""
    errors = read_page(response).field_errors
    return {key.removeprefix("id_"): message for key, message in errors.items()}


def error_summary(response) -> list[str]:
    """The lines of the error summary at the top of a form."""
    return read_page(response).summary
