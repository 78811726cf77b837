import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Sign-up, log-in and lockout tests hash many passwords; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
