"""The event registry: every event can be rendered, and the code only sends registered events."""

import ast
from pathlib import Path

from django.conf import settings

from notifications.checks import check_event_templates, missing_templates
from notifications.events import EVENTS

SKIP_DIRS = {".venv", "var", "node_modules", "tests", "migrations", ".git"}


def project_sources() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return [path for path in root.rglob("*.py") if not SKIP_DIRS.intersection(path.relative_to(root).parts)]


def module_constants(tree: ast.Module) -> dict[str, str]:
    """Module-level NAME = "string" assignments, to resolve event=SOME_EVENT."""
    constants = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    constants[target.id] = node.value.value
    return constants


def named_events() -> list[tuple[str, int, str]]:
    """(file, line, event name) of every notification_send whose event is a literal or a module constant.

    A variable passed through a helper (event=event) is left to the helper's callers' tests:
    notification_send refuses an unknown name at run time.
    """
    found = []
    for path in project_sources():
        tree = ast.parse(path.read_text(), filename=str(path))
        constants = module_constants(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            if (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) != "notification_send":
                continue
            event = next((kw.value for kw in node.keywords if kw.arg == "event"), None)
            if isinstance(event, ast.Constant):
                name = event.value
            elif isinstance(event, ast.Name) and event.id in constants:
                name = constants[event.id]
            else:
                continue
            found.append((str(path.relative_to(settings.BASE_DIR)), node.lineno, name))
    return found


def test_every_registered_event_has_its_three_templates():
    assert missing_templates() == []
    assert check_event_templates() == []


def test_every_event_named_in_a_notification_send_is_registered():
    calls = named_events()
    assert ("applications/services/submissions.py", "application_submitted") in {(p, e) for p, _, e in calls}
    assert any(name == "draft_deadline_reminder" for _, _, name in calls)  # resolved from EVENT = "..."
    unknown = [f"{path}:{line} {name}" for path, line, name in calls if name not in EVENTS]
    assert unknown == [], "register these events in notifications/events.py"


def test_the_reminder_events_are_marked_as_reminders():
    assert EVENTS["draft_deadline_reminder"].is_reminder
    assert not EVENTS["application_submitted"].is_reminder
    assert not EVENTS["application_withdrawn"].is_reminder
