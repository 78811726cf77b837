"""Fixtures for the grants tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The factories set real passwords; a cheap hasher keeps these tests within their time budget.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
