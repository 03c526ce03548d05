"""The toolbox's rules, one module per part:

- ``methods``: creating, changing and publishing method cards (and slugs)
- ``browse``: the faceted search of the method browser
- ``plans``: session plans, their items, the running clock and the merged materials
- ``logs``: experience logs and what the card shows from them
- ``competence``: the kompetencespejl (own self-assessment) and the team picture
- ``exchange``: export and import of cards in the sammen-toolbox format (toolbox/data/FORMAT.md)

Each raises ``ToolboxError`` with a Danish message for the person who tried.
"""


class ToolboxError(Exception):
    """A broken rule, with a message (Danish) for the person who tried."""
