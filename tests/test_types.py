"""The type checker runs clean on the services, permissions and roles (the list is in pyproject.toml)."""

from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_is_clean_on_the_checked_modules(monkeypatch):
    # The configured file list is relative to the project root, whatever directory pytest starts in.
    monkeypatch.chdir(ROOT)
    report, errors, status = api.run(["--config-file", str(ROOT / "pyproject.toml")])
    assert status == 0, report + errors
    assert "Success: no issues found" in report
