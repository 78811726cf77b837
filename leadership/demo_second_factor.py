"""The demo staff and reviewer's authenticator app, with a fixed, printed, public key.

Demo only: anyone who runs `make run` can log in as them, so the key is as public as the
password. `manage.py demo_totp` prints the current code.
"""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify

from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .second_factor import needs_second_factor

# 20 bytes, hex as django-otp stores them; its base32 form is what an authenticator app takes.
DEMO_TOTP_KEY = "64656d6f2d746f74702d6b65792d323032362121"  # "demo-totp-key-2026!!"
DEMO_TOTP_EMAILS = ["reviewer@demo.example", "staff@demo.example"]


def demo_totp_secret() -> str:
    return b32encode(unhexlify(DEMO_TOTP_KEY)).decode()


def demo_totp_code() -> str:
    totp = TOTP(unhexlify(DEMO_TOTP_KEY))
    return f"{totp.token():06d}"


def seed_second_factors() -> str:
    """Give the demo staff and reviewer the demo app, so they log in with its code."""
    created = 0
    for user in get_user_model().objects.filter(email__in=DEMO_TOTP_EMAILS):
        if not needs_second_factor(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            continue
        TOTPDevice.objects.create(user=user, name="Demo app", key=DEMO_TOTP_KEY, confirmed=True)
        created += 1
    return f"{created} demo authenticator apps set up"
