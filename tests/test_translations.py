"""French ships complete: every catalogue entry translated, the compiled file current, pages in French."""

import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from tests.conftest import require

PO = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def _entries(text: str) -> list[str]:
    return [block for block in text.split("\n\n") if "msgid" in block]


def _has_empty_msgstr(entry: str) -> bool:
    lines = entry.splitlines()
    for i, line in enumerate(lines):
        if re.fullmatch(r'msgstr(\[\d\])? ""', line):
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if not following.startswith('"'):
                return True
    return False


def test_every_french_entry_is_translated_and_none_is_fuzzy():
    entries = _entries(PO.read_text(encoding="utf-8"))[1:]  # the header is the first
    assert len(entries) > 1000
    fuzzy = [e for e in entries if re.search(r"^#,.*\bfuzzy\b", e, re.M)]
    empty = [e for e in entries if _has_empty_msgstr(e)]
    assert not fuzzy, fuzzy[:3]
    assert not empty, empty[:3]


def test_compiled_catalogue_matches_the_source(tmp_path):
    require(shutil.which("msgfmt") is not None, "msgfmt (gettext)")
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO)], check=True)
    assert fresh.read_bytes() == PO.with_suffix(".mo").read_bytes(), (
        "run `make messages` and commit django.mo"
    )


def test_home_page_in_french(client, db):
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("home")).content.decode()
    assert 'lang="fr"' in page
    assert "Se connecter" in page
