"""The rules for volunteering, one module per part of the flow:

- ``model``: the written volunteer model (versions)
- ``applications``: applying, screening, approval
- ``agreements``: expectation agreements (forventningsafstemning) and their PDFs
- ``certificates``: børneattest status and renewal
- ``shifts``: shifts, sign-ups, waitlist and offers (the capacity rule lives here)
- ``hours``: hours from attended shifts and reported hours

Each raises ``VolunteerError`` with a Danish message for the person who tried.
"""


class VolunteerError(Exception):
    """A broken rule, with a message (Danish) for the person who tried."""
