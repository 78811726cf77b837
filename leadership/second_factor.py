"""Reads about the second factor: who needs one, who has one, whether a session passed it."""

from __future__ import annotations

from base64 import b32encode
from typing import TYPE_CHECKING

import qrcode
import qrcode.image.svg
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import may_enter_admin

if TYPE_CHECKING:
    from leadership.models import User
    from leadership.roles import AnyUser


def needs_second_factor(user: AnyUser) -> bool:
    """Everyone who sees more than their own data: superusers, program staff, reviewers."""
    return may_enter_admin(user)


def has_second_factor(user: AnyUser) -> bool:
    """A confirmed authenticator app; backup codes come with it and never exist alone."""
    if not (user and user.is_authenticated):
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_and_roles_read(user: User) -> bool:
    """has_second_factor(user), reading the user's roles in the same query.

    For the middleware, which needs both on every signed-in request: one query instead of two.
    The roles stay on the user for the rest of the request, as leadership.roles caches them.
    """
    rows = list(
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(device=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .values_list("groups__name", "device")
    )
    if getattr(user, "_role_names", None) is None:
        user._role_names = {name for name, _ in rows if name is not None}
    return bool(rows and rows[0][1])


def is_verified(user: AnyUser) -> bool:
    """The session passed a code (django-otp's middleware installs `is_verified`)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def totp_secret(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it when typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(data: str) -> str:
    """The QR code as inline SVG, drawn here: the secret never leaves for an image service."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=20, border=2)
    return image.to_string(encoding="unicode")
