"""In a real browser: wide tables hint that they scroll on a phone; every page has a favicon
and the console stays clean; a French grantee reads the agreement in French."""

from decimal import Decimal

import pytest

from grants.services import award_make
from programs.models import ProgramTerms
from tests.factories import CommunityFactory, StaffFactory, UserFactory
from tests.grants.support import shortlisted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _award_for(grantee, *, language: str = "en"):
    grantee.language = language
    grantee.save(update_fields=["language"])
    staff = StaffFactory(email="pm@example.org")
    community = CommunityFactory(admins=[grantee], name="Mamans solidaires de Tunis", country="TN")
    application = shortlisted("residency", community=community, requested=Decimal("900000"))
    return award_make(application=application, by=staff, amount=Decimal("900000"))


def _scroll_state(page) -> dict:
    return page.evaluate(
        """() => {
          const box = document.querySelector('.tranche-table').closest('.table-responsive');
          const style = getComputedStyle(box);
          return {overflows: box.scrollWidth > box.clientWidth, background: style.backgroundImage,
                  pageWidth: document.documentElement.scrollWidth};
        }"""
    )


def test_the_payment_table_shows_a_scroll_shadow_on_a_phone_only(page, log_in, screenshot):
    grantee = UserFactory(email="nadia@example.org", full_name="Nadia Haddad")
    award = _award_for(grantee)
    log_in(grantee)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/awards/{award.pk}/")
    phone = _scroll_state(page)
    assert phone["background"].count("radial-gradient") == 2  # the shadows at both edges
    assert phone["pageWidth"] <= 390  # the table scrolls, not the page
    page.locator(".tranche-table").scroll_into_view_if_needed()
    screenshot("award-payments-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert "gradient" not in _scroll_state(page)["background"]


def test_pages_and_the_admin_link_a_favicon_that_loads(page, log_in, browser_problems):
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto("/")
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert icon and icon.endswith(".svg")
    assert page.request.get(icon).status == 200
    log_in(StaffFactory(email="boss@example.org", is_superuser=True))
    page.goto("/admin/")
    assert page.locator('link[rel="icon"]').count() == 1
    assert failed == []
    assert browser_problems.page_errors == []


def test_a_french_grantee_reads_the_agreement_in_french(page, log_in, screenshot):
    grantee = UserFactory(email="amel@example.org", full_name="Amel Ben Salah")
    terms = ProgramTerms.objects.get(program__slug="residency")
    terms.agreement_fr = "En acceptant cette subvention, les administrateurs s’engagent à rendre compte."
    terms.save()
    award = _award_for(grantee, language="fr")
    log_in(grantee)
    page.goto(f"/awards/{award.pk}/")
    text = page.locator(".agreement-text").inner_text()
    assert text.startswith("En acceptant cette subvention")
    assert "By accepting" not in text
    screenshot("award-agreement-french")
