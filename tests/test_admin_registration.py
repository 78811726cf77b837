"""The admin is composed in class statements: one registration per model, none undone."""

import ast
from collections import Counter
from pathlib import Path

from django.contrib import admin

ROOT = Path(__file__).resolve().parent.parent
APPS = ("applications", "config", "grants", "leadership", "notifications", "programs")


def _modules() -> list[Path]:
    return [
        path for app in APPS for path in sorted((ROOT / app).rglob("*.py")) if "migrations" not in path.parts
    ]


def _calls(name: str) -> list[tuple[Path, ast.Call]]:
    """Every call of an attribute or function called `name` in the apps' code."""
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if called == name:
                    found.append((path, node))
    return found


def _registered_names() -> Counter:
    """How many times each model name is handed to admin.register / site.register in the code."""
    names: Counter = Counter()
    for _path, call in _calls("register"):
        owner = call.func.value if isinstance(call.func, ast.Attribute) else None
        if not (isinstance(owner, ast.Name) and owner.id in {"admin", "site"}) and not (
            isinstance(owner, ast.Attribute) and owner.attr == "site"
        ):
            continue  # another registry (e.g. the cohort overview's columns)
        for arg in call.args:
            if isinstance(arg, ast.Name):
                names[arg.id] += 1
    return names


def test_no_module_unregisters_an_admin():
    unregisters = [f"{path.relative_to(ROOT)}:{call.lineno}" for path, call in _calls("unregister")]
    assert unregisters == []


def test_each_model_of_ours_is_registered_once_in_the_code():
    names = _registered_names()
    ours = [model for model in admin.site._registry if model.__module__.split(".")[0] in APPS]
    assert ours
    assert {model.__name__: names[model.__name__] for model in ours} == {model.__name__: 1 for model in ours}
    assert [name for name, count in names.items() if count > 1] == []


def test_admin_classes_are_written_in_class_statements():
    built = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path, call in _calls("type")
        if "admin" in path.parts and len(call.args) == 3
    ]
    assert built == []


def test_the_review_desk_is_part_of_the_applications_admin_class():
    from applications.admin.application import ApplicationAdmin
    from applications.admin.application_review import ApplicationReviewMixin
    from applications.models import Application

    model_admin = admin.site._registry[Application]
    assert type(model_admin) is ApplicationAdmin
    assert issubclass(ApplicationAdmin, ApplicationReviewMixin)
