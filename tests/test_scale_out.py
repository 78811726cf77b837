"""Two web processes and two Celery workers on one PostgreSQL and one Redis (bench._processes).

Every submission is posted to both web processes at once, and staff award more applications
than the program has slots left through both of them at once: each application is submitted
once, the program's cap holds exactly, and every email is queued and delivered exactly once.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection
from django_otp import DEVICE_ID_SESSION_KEY

from applications.models import Application, Status
from bench._processes import SECRET_KEY, Services, request, session_for
from grants.models import Award
from leadership.middleware import LAST_ACTIVITY_KEY
from leadership.models import CommunityAdmin
from notifications.models import Notification
from tests.conftest import require
from tests.factories import (
    ApplicationFactory,
    CommunityFactory,
    RoundFactory,
    UserFactory,
    confirmed_totp,
    make_program_staff,
)
from tests.grants.support import fill_program, program, shortlisted

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SUBMISSIONS = 8
CANDIDATES = 8
SLOTS_LEFT = 3
MESSAGE_ID = re.compile(r"^Message-ID: <notification\.(\d+)\.", re.MULTILINE)


@pytest.fixture
def services(settings):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    require(bool(shutil.which("redis-server")), "redis-server")
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    if database.get("PASSWORD"):
        url = url.replace("@", f":{database['PASSWORD']}@", 1)
    settings.SECRET_KEY = SECRET_KEY  # the sessions made here are read by the web processes
    work = Path(tempfile.mkdtemp(prefix="scale-out-"))
    running = Services(url, work, {"GUNICORN_WORKERS": "2"}, webs=2, workers=2, beat=False)
    try:
        running.start()
        yield running
    finally:
        running.stop()
        shutil.rmtree(work, ignore_errors=True)


def _staff_session() -> str:
    """Program staff past the second factor, as after the code page."""
    staff = make_program_staff()
    return session_for(
        staff,
        **{DEVICE_ID_SESSION_KEY: confirmed_totp(staff).persistent_id, LAST_ACTIVITY_KEY: int(time.time())},
    )


def _drafts() -> list[tuple[str, int]]:
    round_ = RoundFactory()
    drafts = []
    for _ in range(SUBMISSIONS):
        admin = UserFactory()
        draft = ApplicationFactory(round=round_, community=CommunityFactory(admins=[admin]))
        drafts.append((session_for(admin), draft.pk))
    return drafts


def _wait_for_delivery(timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while Notification.objects.exclude(state="sent").exists() and time.monotonic() < deadline:
        time.sleep(0.3)


def test_two_web_processes_and_two_workers_send_each_email_once_and_hold_the_caps(services):
    fellowship = program("fellowship")
    fill_program("fellowship", count=fellowship.max_awards - SLOTS_LEFT)
    candidates = [shortlisted("fellowship") for _ in range(CANDIDATES)]
    for candidate in candidates:
        CommunityAdmin.objects.create(community=candidate.community, user=UserFactory(), is_creator=True)
    staff_session = _staff_session()
    drafts = _drafts()
    ports = services.web_ports

    def submit(item: tuple[int, tuple[str, int]]) -> int:
        index, (session, pk) = item
        return request(
            ports[index // SUBMISSIONS], "POST", f"/applications/{pk}/submit/", session=session, body={}
        )[0]

    def award(item: tuple[int, Application]) -> int:
        index, application = item
        path = f"/staff/awards/make/{application.pk}/"
        return request(ports[index % 2], "POST", path, session=staff_session, body={"note": "race"})[0]

    # Each draft twice, once through each web process; every award through one or the other.
    with ThreadPoolExecutor(max_workers=16) as pool:
        submitted = list(pool.map(submit, enumerate(drafts * 2)))
        awarded = list(pool.map(award, enumerate(candidates)))
    _wait_for_delivery()

    assert set(submitted) == {302}
    assert Application.objects.filter(pk__in=[pk for _, pk in drafts], status=Status.SUBMITTED).count() == (
        SUBMISSIONS
    )
    assert awarded.count(302) == SLOTS_LEFT  # the others show the cap on the form (200)
    assert set(awarded) == {200, 302}
    assert Award.objects.live().filter(program=fellowship).count() == fellowship.max_awards

    receipts = Counter(
        (row.to_email, row.subject) for row in Notification.objects.filter(event="application_submitted")
    )
    assert len(receipts) == SUBMISSIONS and set(receipts.values()) == {1}
    offers = Notification.objects.filter(event="award_offered")
    assert offers.count() == SLOTS_LEFT  # one admin per awarded community
    assert not Notification.objects.exclude(state="sent").exists()
    delivered = Counter(
        int(found)
        for path in (services.work / "mail").iterdir()
        for found in MESSAGE_ID.findall(path.read_text(errors="replace"))
    )
    assert set(delivered) == set(Notification.objects.values_list("pk", flat=True))
    assert set(delivered.values()) == {1}  # no email delivered twice by the two workers
