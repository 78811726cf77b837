"""Co-admins racing on one draft with real threads on PostgreSQL: no edit is ever reverted, and a
submission submits the title it was sent with."""

import json
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from applications.forms import saved_values
from applications.models import Application, Status
from applications.services import application_update
from tests.conftest import require
from tests.factories import ApplicationFactory, CommunityFactory, RoundFactory, UserFactory, program

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TRIALS = 50


def _page(application: Application) -> dict[str, str]:
    values = saved_values(application)
    return {**values, "version": str(application.version), "base": json.dumps(values)}


def _at_once(*posts) -> list[int]:
    """Run each (client, url, data) POST in its own thread, released together; their status codes."""
    barrier = threading.Barrier(len(posts))
    codes: list[int] = [0] * len(posts)
    errors: list[str] = []

    def post(i: int, client: Client, url: str, data: dict) -> None:
        try:
            barrier.wait(timeout=30)
            codes[i] = client.post(url, data).status_code
        except Exception as error:  # any exception is a bug the test must show
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i, *p)) for i, p in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return codes


@pytest.fixture
def admins():
    require(connection.vendor == "postgresql", "PostgreSQL")
    first, second = UserFactory(), UserFactory()
    community = CommunityFactory(admins=[first, second])
    clients = []
    for user in (first, second):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return community, first, clients


def test_setting_the_amount_while_a_stale_autosave_lands_never_reverts_it(admins):
    community, first, (setter, autosaver) = admins
    round_ = RoundFactory(program=program("residency"))
    reverts = 0
    for trial in range(TRIALS):
        application = ApplicationFactory(community=community, round=round_, created_by=first)
        older = _page(application)  # the autosaving page was loaded before the last save
        application_update(application=application, by=first, data={"plan": f"Plan {trial}"})
        amount = Decimal(60000 + trial)
        codes = _at_once(
            (
                setter,
                reverse("application_edit", args=[application.pk]),
                {**_page(application), "amount_requested": str(amount)},
            ),
            (
                autosaver,
                reverse("application_autosave", args=[application.pk]),
                {**older, "summary": f"Summary {trial}"},
            ),
        )
        assert codes == [302, 200], codes
        application.refresh_from_db()
        reverts += application.amount_requested != amount
        assert (application.summary, application.plan) == (f"Summary {trial}", f"Plan {trial}")
        application.delete()
    assert reverts == 0


def test_save_and_submit_racing_an_autosave_submits_the_title_it_was_sent(admins):
    community, first, (submitter, autosaver) = admins
    round_ = RoundFactory(program=program("fellowship"))
    outcomes = set()
    for trial in range(TRIALS // 2):
        application = ApplicationFactory(community=community, round=round_, created_by=first)
        page = _page(application)
        submit_code, autosave_code = _at_once(
            (
                submitter,
                reverse("application_submit", args=[application.pk]),
                {**page, "title": f"Submitted {trial}"},
            ),
            (
                autosaver,
                reverse("application_autosave", args=[application.pk]),
                {**page, "title": f"Autosaved {trial}"},
            ),
        )
        application.refresh_from_db()
        if application.status == Status.SUBMITTED:
            # The submission won the lock; the autosave found it submitted and changed nothing.
            assert (submit_code, autosave_code) == (302, 409)
            assert application.title == f"Submitted {trial}"
        else:
            # The autosave won; the submission saw its own title changed meanwhile: a conflict.
            assert (submit_code, autosave_code) == (409, 200)
            assert application.title == f"Autosaved {trial}"
        outcomes.add(application.status)
        application.status_changes.all().delete()
        application.delete()
    assert outcomes <= {Status.SUBMITTED, Status.DRAFT}
