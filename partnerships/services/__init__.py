"""The rules for partnerships, one module per part of the flow:

- ``partners``: the partner registry, contacts, enquiries, links to initiatives and activities
- ``templates``: agreement models (versions, sections, variants) and "Skal det formaliseres?"
- ``drafting``: creating and editing an agreement; every save makes an AgreementVersion snapshot
- ``workflow``: the status workflow (one transition table), review invitations, comments
- ``signing``: signatures with evidence, the PDFs to sign and the final PDF, verification
- ``reminders``: expiry, evaluation and waiting-on-partner reminders

Each raises ``PartnershipError`` with a Danish message for the person who tried.
"""


class PartnershipError(Exception):
    """A broken rule, with a message (Danish) for the person who tried."""
