"""Scan the page a test is on with axe-core (installed by npm, see package.json).

The portal's CSP allows no inline scripts, so axe is not added as a <script> tag: its source is
evaluated through the DevTools protocol, which the page's CSP does not govern. Every WCAG 2.0
and 2.1 A/AA rule runs; none is switched off. Fix what it finds in the templates or
static/css/portal.css.
"""

from functools import cache

from django.conf import settings

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def axe_source() -> str:
    return (settings.NODE_MODULES / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        "options => window.axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return results["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(
                line.strip() for line in (node.get("failureSummary") or "").split("\n")
            )
            lines.append(f"    {target}: {node['html'][:160]}")
            lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, (
        f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on {page.url}:\n"
        + format_violations(violations)
    )
