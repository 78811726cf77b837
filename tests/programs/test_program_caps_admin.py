"""The program admin says why a budget or cap cannot be cut below what is committed (any database)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import StaffFactory
from tests.grants.support import bulk_awards, program, round_of

pytestmark = pytest.mark.django_db


def test_admin_cutting_the_budget_below_committed_gets_a_form_message(client):
    bulk_awards(3, round_=round_of("residency"), amount=Decimal("1000000"))
    residency = program("residency")
    client.force_login(StaffFactory(email="root@example.org", is_superuser=True))
    url = reverse("admin:programs_program_change", args=[residency.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"total_budget": "2000000", "max_awards": "2", "amount_is_fixed": ""})
    data.pop("amount_is_fixed")
    data.update({"criteria-TOTAL_FORMS": "0", "criteria-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"total_budget", "max_awards"}, errors
    assert "already committed $3,000,000;" in response.content.decode()
    assert "already has 3 live awards" in response.content.decode()
    assert program("residency").total_budget == Decimal("5000000")
