"""Transition tables have one form in every app: TRANSITIONS on the model, read by can_move_to."""

import re
from pathlib import Path

import pytest

from applications.models import Application
from grants.models import Award, BudgetProposal, ProgressReport
from leadership.models import Gathering

ROOT = Path(__file__).resolve().parent.parent
MODELS = [Application, Award, BudgetProposal, ProgressReport, Gathering]


@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
def test_the_table_is_on_the_model_and_names_only_its_statuses(model):
    statuses = {value for value, _label in model._meta.get_field("status").choices}
    table = model.__dict__["TRANSITIONS"]
    assert set(table) <= statuses
    assert all(targets <= statuses for targets in table.values())
    for current, targets in table.items():
        row = model(status=current)
        assert {s for s in statuses if row.can_move_to(s)} == targets


def test_no_module_keeps_a_transition_table_of_its_own():
    tables = re.compile(r"^[A-Z_]*(TRANSITIONS|_MOVES)\b.*=", re.MULTILINE)
    found = [
        str(path.relative_to(ROOT))
        for app in ("applications", "grants", "leadership")
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and tables.search(path.read_text())
    ]
    assert found == []


@pytest.mark.parametrize(
    "template",
    [
        "leadership/development/gathering_detail.html",
        "leadership/development/staff_gathering_list.html",
        "grants/staff/award_detail.html",
        "grants/awards/budget_form.html",
        "grants/awards/report_form.html",
        "grants/awards/includes/reports.html",
    ],
)
def test_pages_ask_the_model_instead_of_comparing_status_strings(template):
    text = (ROOT / "templates" / template).read_text()
    assert not re.search(r"\.status\s*[!=]=", text)
