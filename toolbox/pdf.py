"""The toolbox's PDFs (WeasyPrint through portal.pdf, nothing from the network):

- a method card, A5 or A6, both sides: the front says what the method is for (title, summary,
  purpose, when to use it and when not), the back how to do it (steps with times, materials,
  tips). Printed double-sided, each card is one sheet;
- a deck: the cards of the current filtered selection, one after another, same sides;
- the agenda of a session plan, A4, with the clock time of every item and the merged materials.
"""

from organisation.models import Library
from portal.pdf import logo_url, render_pdf

from .services.plans import duration_label, merged_materials, schedule

CARD_SIZES = {"a5": "A5", "a6": "A6"}


def card_size(value) -> str:
    return value if value in CARD_SIZES else "a5"


def deck_pdf(methods, *, size: str = "a5", title: str = "") -> bytes:
    """``methods``: a list with steps and competence areas prefetched."""
    size = card_size(size)
    return render_pdf(
        "toolbox/pdf/cards.html",
        {
            "methods": methods,
            "size": CARD_SIZES[size],
            "small": size == "a6",
            "title": title or (methods[0].title if len(methods) == 1 else ""),
            "library": Library.load(),
        },
    )


def agenda_pdf(plan, items) -> bytes:
    rows, total, ends = schedule(plan, items)
    library = Library.load()
    return render_pdf(
        "toolbox/pdf/agenda.html",
        {
            "plan": plan,
            "rows": rows,
            "total": duration_label(total),
            "ends": ends,
            "materials": merged_materials(items),
            "library": library,
            "logo_url": logo_url(library),
        },
    )
