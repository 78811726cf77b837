"""Shared fixtures: the personas of STYLE.md and the services the suite needs.

Outside CI a test that needs PostgreSQL, Redis or Chromium is skipped when the service is
missing; with CI=true the same absence is a failure.
"""

import os
import shutil

import pytest
from django.conf import settings as django_settings
from django.utils import timezone, translation

from config import celery_app
from programs.open_now import rounds_open_now_forget
from tests.factories import CommunityFactory, RoundFactory, StaffFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def require(condition: bool, what: str) -> None:
    """Skip locally, fail in CI, when a service or browser the test needs is missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available", pytrace=False)
    pytest.skip(f"{what} not available")


@pytest.fixture(autouse=True)
def _tasks_run_in_process(settings, tmp_path):
    """Tests run Celery tasks in process unless they start a worker themselves."""
    settings.MEDIA_ROOT = str(tmp_path / "uploads")
    settings.RATELIMIT_ENABLE = False
    # A deliberately slow hash is a production feature; tests would spend minutes on it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    # Requests through the test client activate the user's language and zone in this thread;
    # start every test from the defaults so none inherits the last one's French.
    translation.activate(django_settings.LANGUAGE_CODE)
    timezone.deactivate()
    # Kept per process a few seconds; a rolled-back test's rounds must not outlive it.
    rounds_open_now_forget()
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(monkeypatch):
    """`client.force_login(user)` gives a session that also passed the second factor.

    The suite logs staff and reviewers in with force_login in hundreds of places; this sets the
    session up the way the code page does (a confirmed app, `django_otp.login`'s session key,
    a fresh activity stamp) so those tests keep exercising the real middleware and admin checks.
    Tests about the password-only state use `password_only_login` instead.
    """
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session_passes_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "password_only_login", original, raising=False)


def session_passes_second_factor(client, user) -> None:
    import time

    from django_otp import DEVICE_ID_SESSION_KEY

    from leadership.middleware import LAST_ACTIVITY_KEY
    from tests.factories import confirmed_totp

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_totp(user).persistent_id
    session[LAST_ACTIVITY_KEY] = int(time.time())
    session.save()


@pytest.fixture
def open_round(db):
    return RoundFactory()


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.org", full_name="Amina Applicant")


@pytest.fixture
def co_admin(db):
    return UserFactory(email="coadmin@example.org", full_name="Chloé Co-admin")


@pytest.fixture
def stranger(db):
    return UserFactory(email="stranger@example.org", full_name="Sam Stranger")


@pytest.fixture
def reviewer(db):
    return UserFactory(email="reviewer@example.org", full_name="Rita Reviewer")


@pytest.fixture
def other_reviewer(db):
    return UserFactory(email="reviewer2@example.org", full_name="Omar Reviewer")


@pytest.fixture
def staff(db):
    return StaffFactory(email="staff@example.org", full_name="Stella Staff")


@pytest.fixture
def staff_without_role(db):
    """is_staff and nothing else: Django lets them see the admin login page, and that is all."""
    return UserFactory(email="bare-staff@example.org", full_name="Basil Bare-staff", is_staff=True)


@pytest.fixture
def community(applicant, co_admin):
    return CommunityFactory(admins=[applicant, co_admin], name="Mothers of Lyon")


@pytest.fixture
def chromium_path():
    require(shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM), f"Chromium at {CHROMIUM}")
    return CHROMIUM


def pytest_collection_modifyitems(items):
    # Transactional tests (races, live server, worker) end with a flush that would wipe the rows
    # the data migrations seed (programs, rubrics, focus areas, groups); serialized rollback
    # puts them back, so test order never matters.
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None:
            if marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
                item.add_marker(
                    pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}),
                    append=False,  # before the test's own marker, so it is the closest one
                )
        elif {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())):
            item.fixturenames.append("django_db_serialized_rollback")
