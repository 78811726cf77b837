"""Imports point one way (DESIGN §3): leadership ← programs ← applications ← grants.

A module may import its own app and the apps to its left; notifications imports none of the
four domain apps; config wires everything. Every import statement counts, also those inside
functions and `importlib.import_module("...")` with a literal name; migrations are left out
(a historical migration may name any app's models or SQL).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

LAYERS = ("leadership", "programs", "applications", "grants")
CHECKED_APPS = (*LAYERS, "notifications", "config")
ROOT = Path(settings.BASE_DIR)


@dataclass(frozen=True)
class Arrow:
    path: str
    line: int
    importer: str
    imported: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.importer} imports {self.imported} ({_rule(self.importer)})"


def _rule(app: str) -> str:
    if app == "notifications":
        return "notifications imports no domain app"
    below = LAYERS[: LAYERS.index(app)]
    return f"{app} may import only {', '.join(below)}" if below else f"{app} imports no other app"


def allowed(importer: str, imported: str) -> bool:
    if importer == imported or importer == "config":
        return True
    if importer == "notifications":
        return imported not in LAYERS
    if importer in LAYERS and imported in LAYERS:
        return LAYERS.index(imported) < LAYERS.index(importer)
    return True  # the standard library, Django, third parties, and notifications for the domain


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imported_modules(source: str, *, module: str, is_package: bool = False):
    """(line, dotted name) of every import in the source, at any depth."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, _absolute(node, module, is_package)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def arrows_against_the_order(source: str, *, path: str, module: str, is_package: bool = False) -> list[Arrow]:
    importer = module.split(".")[0]
    found = []
    for line, name in imported_modules(source, module=module, is_package=is_package):
        imported = name.split(".")[0]
        if not allowed(importer, imported):
            found.append(Arrow(path=path, line=line, importer=importer, imported=imported))
    return found


def _modules(root: Path):
    for app in CHECKED_APPS:
        for path in sorted((root / app).rglob("*.py")):
            relative = path.relative_to(root)
            if "migrations" in relative.parts:
                continue
            parts = list(relative.with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            yield relative, ".".join(parts), is_package


def walk(root: Path) -> tuple[int, list[Arrow]]:
    """How many modules of the checked apps under root were read, and their arrows against the order."""
    checked, arrows = 0, []
    for relative, module, is_package in _modules(root):
        checked += 1
        source = (root / relative).read_text(encoding="utf-8")
        arrows += arrows_against_the_order(source, path=str(relative), module=module, is_package=is_package)
    return checked, arrows


def test_every_module_imports_along_the_layers():
    checked, arrows = walk(ROOT)
    assert checked > 100, "the walk found too few modules to be reading the apps"
    assert not arrows, "imports against leadership ← programs ← applications ← grants:\n" + "\n".join(
        map(str, arrows)
    )


def test_a_planted_reverse_import_is_named_with_its_file_and_line():
    source = '"""A catalogue module that reaches up."""\n\nfrom grants.models import Award\n'
    arrows = arrows_against_the_order(source, path="programs/planted.py", module="programs.planted")
    assert [str(a) for a in arrows] == [
        "programs/planted.py:3: programs imports grants (programs may import only leadership)"
    ]


def test_a_planted_module_on_disk_fails_the_walk(tmp_path):
    (tmp_path / "leadership" / "migrations").mkdir(parents=True)
    (tmp_path / "leadership" / "planted.py").write_text(
        "def later():\n    import applications.models\n", encoding="utf-8"
    )
    (tmp_path / "leadership" / "migrations" / "0001_initial.py").write_text(
        "from grants.models import Award\n", encoding="utf-8"
    )
    checked, arrows = walk(tmp_path)
    assert checked == 1  # the migration is not read
    assert [str(a) for a in arrows] == [
        "leadership/planted.py:2: leadership imports applications (leadership imports no other app)"
    ]


def test_function_level_relative_and_dynamic_imports_count():
    source = (
        "from importlib import import_module\n"
        "from ..services import caps\n"
        "def f():\n"
        "    from grants.services import award_make\n"
        "    return import_module('grants.tasks')\n"
    )
    arrows = arrows_against_the_order(source, path="applications/admin/x.py", module="applications.admin.x")
    assert [(a.line, a.imported) for a in arrows] == [(4, "grants"), (5, "grants")]


def test_notifications_imports_no_domain_app():
    for app in LAYERS:
        arrows = arrows_against_the_order(
            f"from {app}.models import X\n", path="notifications/x.py", module="notifications.x"
        )
        assert len(arrows) == 1, app
    assert not arrows_against_the_order(
        "from django.db import models\n", path="notifications/x.py", module="notifications.x"
    )


def test_arrows_along_the_order_pass():
    source = (
        "from leadership.models import User\n"
        "from programs.models import Program\n"
        "from applications.models import Application\n"
        "from notifications.services import notification_send\n"
    )
    assert not arrows_against_the_order(source, path="grants/x.py", module="grants.x")
    assert not arrows_against_the_order(source, path="config/urls.py", module="config.urls")
    assert len(arrows_against_the_order(source, path="programs/x.py", module="programs.x")) == 1
