"""CSV downloads that open right in a Danish Excel."""

import csv

from django.http import HttpResponse

# A cell a spreadsheet would read as a formula (=, +, -, @, or a leading tab/return) gets an
# apostrophe in front, so text someone typed (a title, a name) cannot run in the reader's Excel.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class ExcelCsv:
    """A CSV download: ``sheet = ExcelCsv(name); sheet.row([...]); return sheet.response``.
    A byte-order mark, so Excel reads æ, ø and å right; semicolons, as Danish Excel expects;
    every cell goes through cell()."""

    def __init__(self, filename: str):
        self.response = HttpResponse(content_type="text/csv; charset=utf-8")
        self.response["Content-Disposition"] = f'attachment; filename="{filename}"'
        self.response.write("\ufeff")
        self._writer = csv.writer(self.response, delimiter=";")

    def row(self, values) -> None:
        self._writer.writerow(cell(value) for value in values)
