"""No template (nor HTML built in Python) carries code the Content-Security-Policy would refuse: an
inline <script> (data goes in json_script or data- attributes, code in static/js/), an on*= handler
attribute, a javascript: URL or a <style> element (styles go in static/css/).

A new one fails here, on the file and line, before it fails silently in a browser."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("config", "leadership", "applications", "grants", "notifications")

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
DATA_SCRIPT = re.compile(r"""\btype\s*=\s*["']?application/(ld\+)?json""", re.IGNORECASE)
HANDLER = re.compile(r"""<[a-z][^<>]*?\son[a-z]+\s*=\s*["'{]""", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)


def problems(text: str) -> list[str]:
    found = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if not re.search(r"\bsrc\s*=", attributes) and not DATA_SCRIPT.search(attributes):
            found.append((match.start(), "inline <script>"))
    found += [(m.start(), "on*= handler attribute") for m in HANDLER.finditer(text)]
    found += [(m.start(), "javascript: URL") for m in JS_URL.finditer(text)]
    found += [(m.start(), "<style> element") for m in STYLE_TAG.finditer(text)]
    return [f"line {text.count(chr(10), 0, at) + 1}: {what}" for at, what in sorted(found)]


def sources() -> list[Path]:
    templates = [*ROOT.joinpath("templates").rglob("*.html")]
    python = []
    for app in APPS:
        templates += ROOT.joinpath(app).rglob("templates/**/*.html")
        python += [p for p in ROOT.joinpath(app).rglob("*.py") if "migrations" not in p.parts]
    return sorted(templates) + sorted(python)


def test_the_scan_sees_the_templates():
    names = {path.relative_to(ROOT).as_posix() for path in sources()}
    assert "templates/base.html" in names
    assert "templates/admin/applications/reviewassignment/review.html" in names
    assert "notifications/templates/admin/notifications/notification/change_list.html" in names
    assert "notifications/admin.py" in names


def code(path: Path) -> str:
    """The file's text, with Python comment lines blanked: they may name what they forbid."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return text
    return "\n".join("" if line.lstrip().startswith("#") else line for line in text.split("\n"))


@pytest.mark.parametrize("path", sources(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_code_the_policy_would_refuse(path):
    found = problems(code(path))
    assert not found, f"{path.relative_to(ROOT)}: {found}"


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<script type="module">import x from "y"</script>',
        "<SCRIPT\n  defer>go()</SCRIPT>",
        '<button type="button" onclick="go()">Go</button>',
        "<body\n  onload='go()'>",
        '<a href="javascript:go()">Go</a>',
        "<style>.x { color: red }</style>",
        'format_html(\'<img src="{}" onerror="{}">\', a, b)',
    ],
)
def test_the_scan_catches(snippet):
    assert problems(f"<p>before</p>\n{snippet}\n")


@pytest.mark.parametrize(
    "snippet",
    [
        "<script src=\"{% static 'js/autosave.js' %}\"></script>",
        '<script id="django-admin-form-add-constants"\n        src="x.js"\n        data-model-name="m">',
        '<script id="chart-data" type="application/json">{"a": 1}</script>',
        '<option value="online">{% translate "Online" %}</option>',
        '<div class="progress-bar" style="width: 40%">40%</div>',
        "<p>Click on=the button</p>",
    ],
)
def test_the_scan_allows(snippet):
    assert not problems(snippet)
