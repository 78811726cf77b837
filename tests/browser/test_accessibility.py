"""axe-core on every kind of page each person uses, over the demo data.

Each persona signs in and the test walks the pages reachable from where they land (their
menu, their lists, the records those lists link to, the admin's changelists and change pages),
one page per URL shape (`/applications/12/` and `/applications/13/` are one shape), and runs
axe-core on each: the applicant, reviewer and staff in English on a laptop, and a French group
admin on a 390 px phone. Any violation fails the test with the page, the rule and the elements.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command

from leadership.demo import DEMO_PASSWORD
from leadership.models import User
from tests.browser.accessibility import audit
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Links that end the session, change data on GET, download a file or leave for another tool.
SKIP = re.compile(
    r"/logout|/log-out|/sign-out|/delete/|/history/|/password|/two-step/|/i18n/|/jsi18n/"
    r"|/autocomplete/|/admin/axes/|\.(csv|xlsx|ics|zip|pdf|png|jpe?g|txt)$|/download|/export|/attachments/|/r/|/media/"
)
PAGES_PER_PERSONA = 60


def _shape(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/N", re.sub(r"/[0-9a-f-]{32,36}(?=/|$)", "/U", path))


def _priority(path: str) -> int:
    if path.endswith("/add/"):
        return 2
    return 0 if "/N" in _shape(path) else 1


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "(links) => links.map((a) => a.href)")
    origin = urlparse(page.url)
    found = []
    for href in hrefs:
        url = urlparse(urldefrag(href)[0])
        # Sorted or filtered variants of a list are the same page; the list itself is checked.
        if url.netloc == origin.netloc and not url.query and not SKIP.search(url.path):
            found.append(url.path)
    return found


def _walk(page, start_paths: list[str]) -> list[str]:
    """Audit the pages reachable from `start_paths`, breadth first, one per URL shape."""
    queue, seen_shapes, problems, visited = list(start_paths), set(), [], 0
    while queue and visited < PAGES_PER_PERSONA:
        # Records before lists before blank "add" forms: a record's page (…/12/…) shows the
        # most kinds of markup; the lists that lead to them are reached anyway.
        queue.sort(key=_priority)
        path = queue.pop(0)
        shape = _shape(path)
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        response = page.goto(path)
        if (
            response is None
            or response.status != 200
            or "text/html" not in response.headers.get("content-type", "")
        ):
            continue
        visited += 1
        problems += audit(page)
        queue += _links(page)
    assert visited >= 5, f"only {visited} pages reached from {start_paths}"
    return problems


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize(
    ("email", "start", "viewport", "language"),
    [
        ("admin@demo.example", ["/"], LAPTOP, "en"),
        ("camille@demo.example", ["/"], PHONE, "fr"),
        ("reviewer@demo.example", ["/", "/admin/"], LAPTOP, "en"),
        ("staff@demo.example", ["/", "/admin/"], LAPTOP, "en"),
    ],
)
def test_every_page_a_person_reaches_passes_axe(page, demo, email, start, viewport, language):
    page.set_viewport_size(viewport)
    sign_in(page, User.objects.get(email=email), DEMO_PASSWORD)
    assert page.locator("html").get_attribute("lang") == language
    problems = _walk(page, [urlparse(page.url).path, *start])
    assert not problems, "axe-core found accessibility problems:\n" + "\n".join(problems)
