"""The admin writes money as people do: thousands separators and the currency, not 650000.00."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ApplicationFactory, RoundFactory, make_program_staff
from tests.grants.support import make_award, program

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(staff):
    return make_program_staff(staff)


def test_award_list_and_page_show_amounts_with_separators_and_currency(client, manager):
    award = make_award(manager, "residency", amount=Decimal("650000.00"))
    client.force_login(manager)
    listing = client.get(reverse("admin:grants_award_changelist")).content.decode()
    assert "$650,000" in listing
    assert "650000.00" not in listing
    page = client.get(reverse("admin:grants_award_change", args=[award.pk])).content.decode()
    assert "$650,000" in page  # the award
    assert "$260,000" in page  # its first tranche (40 %)
    assert "650000" not in page and "260000" not in page


def test_the_french_admin_writes_money_the_french_way(client, manager):
    make_award(manager, "residency", amount=Decimal("650000.00"))
    manager.language = "fr"
    manager.save(update_fields=["language"])
    client.force_login(manager)
    listing = client.get(reverse("admin:grants_award_changelist")).content.decode()
    assert "650\u00a0000\u00a0$" in listing or "650 000\u00a0$" in listing


def test_application_list_shows_the_requested_amount_as_money(client, manager):
    round_ = RoundFactory(program=program("residency"))
    ApplicationFactory(round=round_, amount_requested=Decimal("1234567.50"))
    client.force_login(manager)
    listing = client.get(reverse("admin:applications_application_changelist")).content.decode()
    assert "$1,234,567.50" in listing


def _queries(client, award) -> int:
    url = reverse("admin:grants_award_change", args=[award.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_award_page_queries_do_not_grow_with_tranches(client, manager):
    two = make_award(manager, "fellowship")
    three = make_award(manager, "residency", amount=Decimal("650000.00"))
    assert (two.tranches.count(), three.tranches.count()) == (2, 3)
    client.force_login(manager)
    assert _queries(client, three) == _queries(client, two)
