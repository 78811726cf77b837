"""axe-core inside the browser tests: every page a test checks must have no violation.

`audit(page)` injects the vendored axe-core (tests/browser/vendor/axe.min.js, 4.14.1) through
the DevTools protocol, so the site's Content-Security-Policy stays as strict as users get it,
and runs every rule axe enables by default (WCAG 2.0/2.1/2.2 A and AA plus best practices).
`preload: false`: axe would otherwise re-parse the page's stylesheets in <style> elements
(only for css-orientation-lock), which the policy rightly refuses.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

AXE_VERSION = "4.14.1"
AXE_SOURCE = Path(__file__).with_name("vendor") / "axe.min.js"

RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"], preload: false});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
    count: v.nodes.length,
  }));
}"""


@cache
def _source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


def audit(page) -> list[str]:
    """The page's axe violations as readable lines (empty when the page passes)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_source())
    problems = []
    for violation in page.evaluate(RUN):
        where = "; ".join(f"{node['target']} ({node['summary']})" for node in violation["nodes"])
        problems.append(
            f"{page.url}: {violation['id']} [{violation['impact']}] {violation['help']}"
            f" — {violation['count']} element(s): {where}"
        )
    return problems


def assert_accessible(page) -> None:
    problems = audit(page)
    assert not problems, "axe-core found accessibility problems:\n" + "\n".join(problems)
