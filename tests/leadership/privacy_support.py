"""Builders shared by the data-rights tests."""

from __future__ import annotations

import pytest

from leadership.models import PrivacyNotice
from leadership.privacy.consent import current_version_forget, privacy_notice_publish


def published_notice(version: int = 1, *, by=None) -> PrivacyNotice:
    notice = PrivacyNotice.objects.create(
        version=version,
        title_en=f"Privacy notice v{version}",
        title_fr=f"Avis de confidentialité v{version}",
        body_en=f"We hold your name and email (version {version}).",
        body_fr=f"Nous conservons votre nom et votre adresse (version {version}).",
    )
    return privacy_notice_publish(notice=notice, by=by)


@pytest.fixture
def forget_notice_cache():
    """The version in force is cached across requests; no test leaves its version to the next."""
    current_version_forget()
    yield
    current_version_forget()
