"""In a real browser: sign up accepting the notice, accept a new version, take a copy of one's data,
ask for erasure, and staff confirm it."""

import io
import re
import zipfile
from pathlib import Path

import pytest

from applications.services import attachment_add
from leadership.models import ConsentRecord, DataExport, DataExportState, ErasureRequest, ErasureState, User
from leadership.privacy.consent import current_version_forget
from leadership.privacy.export import data_export_build
from notifications.models import Notification
from tests.applications.sample_files import PDF_BYTES, upload
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import ApplicationFactory, CommunityFactory, make_program_staff
from tests.leadership.privacy_support import published_notice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-fresh-passphrase-42"


@pytest.fixture(autouse=True)
def _fresh_notice_cache():
    current_version_forget()
    yield
    current_version_forget()


def _signup_link(email: str) -> str:
    body = Notification.objects.get(event="signup_confirm", to_email=email).body_text
    return re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", body).group(1)


def test_consent_copy_and_erasure(page, browser, live_server, screenshot):
    published_notice(1)

    # Sign up: the notice is on the form, and the box must be ticked.
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("noor@example.org")
    page.get_by_label("Full name").fill("Noor Haddad")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.get_by_text("Tick this box to accept the privacy notice").wait_for()
    assert page.get_by_label("Full name").input_value() == "Noor Haddad"
    page.get_by_role("region", name="Privacy notice v1").wait_for()
    screenshot("privacy-signup")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("I have read the privacy notice above and I accept it.").check()
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/signup/sent/")
    page.goto(_signup_link("noor@example.org"))
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/applications/")
    noor = User.objects.get(email="noor@example.org")
    assert ConsentRecord.objects.get(user=noor).notice.version == 1

    # Staff publish version 2: the next page asks for it first.
    published_notice(2)
    page.goto("/applications/")
    page.wait_for_url("**/accounts/privacy/accept/**")
    screenshot("privacy-consent")
    page.get_by_label("I have read this privacy notice and I accept it.").check()
    page.get_by_role("button", name="Accept and continue").click()
    page.wait_for_url("**/applications/")
    assert ConsentRecord.objects.filter(user=noor, notice__version=2).exists()

    # A copy of her data: the page follows the build, then offers the download.
    community = CommunityFactory(admins=[noor], name="Amman Newcomers")
    application = ApplicationFactory(community=community, created_by=noor)
    attachment_add(application=application, by=noor, upload=upload("plan.pdf", PDF_BYTES))
    building = DataExport.objects.create(user=noor, state=DataExportState.BUILDING, done=1, total=3)
    page.goto("/accounts/my-data/")
    page.get_by_role("progressbar").wait_for()
    screenshot("privacy-my-data-building")
    data_export_build(export_id=building.pk)
    download_button = page.get_by_role("link", name=re.compile(r"Download my data"))
    download_button.wait_for()  # the script saw it finish and reloaded the page
    with page.expect_download() as caught:
        download_button.click()
    archive = zipfile.ZipFile(io.BytesIO(Path(caught.value.path()).read_bytes()))
    assert any(name.endswith("-plan.pdf") for name in archive.namelist())
    assert b"Amman Newcomers" in archive.read("communities.json")
    screenshot("privacy-my-data-ready")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("privacy-my-data-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The notice stays readable on its own page, in French too.
    page.goto("/privacy/")
    page.get_by_role("heading", name="Privacy notice v2").wait_for()
    page.locator("#language-select").select_option("fr")
    page.get_by_role("button", name="Change").click()
    page.get_by_role("heading", name="Avis de confidentialité v2").wait_for()
    screenshot("privacy-notice-fr")
    page.goto("/accounts/my-data/")
    page.get_by_role("heading", name="Mes données").wait_for()
    page.locator("#language-select").select_option("en")
    page.get_by_role("button", name="Changer").click()
    page.goto("/accounts/my-data/")

    # Erasure: confirmed with her password.
    page.get_by_role("link", name="Erase my account…").click()
    page.get_by_label("Your password").fill("wrong-password")
    page.get_by_label(re.compile("I understand that my account")).check()
    page.get_by_role("button", name="Ask to erase my account").click()
    page.get_by_text("This is not your password").wait_for()
    screenshot("privacy-erasure-form")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label(re.compile("I understand that my account")).check()
    page.get_by_role("button", name="Ask to erase my account").click()
    page.wait_for_url("**/accounts/my-data/")
    page.get_by_role("button", name="Cancel my request").wait_for()
    assert ErasureRequest.objects.get(user=noor).state == ErasureState.PENDING

    # Staff confirm it in the admin.
    staff = make_program_staff(email="stella@example.org", full_name="Stella Staff")
    staff.set_password(PASSWORD)
    staff.save()
    staff_context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    staff_page = staff_context.new_page()
    sign_in(staff_page, staff, PASSWORD)
    staff_page.goto("/admin/leadership/erasurerequest/")
    staff_page.get_by_label("I have read this privacy notice and I accept it.").check()
    staff_page.get_by_role("button", name="Accept and continue").click()
    staff_page.wait_for_url("**/admin/leadership/erasurerequest/")
    staff_page.locator("input[name=_selected_action]").first.check()
    staff_page.locator("select[name=action]").select_option("confirm")
    staff_page.get_by_role("button", name="Go").click()
    staff_page.get_by_text("1 account erased").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    staff_page.screenshot(path=str(ARTIFACTS / "privacy-admin-erased.png"), full_page=True)
    staff_context.close()
    noor.refresh_from_db()
    assert noor.email != "noor@example.org" and not noor.is_active
