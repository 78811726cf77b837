"""Sign-up and password reset, answered the same whether or not the address has an account.

Nothing a visitor sees depends on whether an address is known: the mailbox's owner learns it
by email. Sign-up creates no account until the owner follows the link sent to the address;
someone who signs up with an address that already has an account gets no account, and the
owner is told instead. A reset request is written down and looked up by a Celery task, so
the request does the same work for a known address as for an unknown one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from notifications.services import notification_send

from ..models import ConsentRecord, PasswordResetRequest, PrivacyNotice
from .communities import PROFILE_FIELDS, LeadershipRefused

if TYPE_CHECKING:
    from ..models import User

SIGNUP_SALT = "leadership.signup"
SIGNUP_LINK_AGE = 3 * 24 * 3600  # seconds: long enough for a weekend, short enough to go stale


def _normalised(email: str) -> str:
    return get_user_model().objects.normalize_email(email).strip().lower()


def signup_request(
    *, email: str, password: str, full_name: str, next_url: str = "", notice_version: int = 0, **profile: Any
) -> None:
    """Email the address a link that creates the account; if it has one, tell its owner instead."""
    User = get_user_model()
    email = _normalised(email)
    profile = {field: value for field, value in profile.items() if field in PROFILE_FIELDS}
    existing = User.objects.filter(email__iexact=email).first()
    with transaction.atomic():
        if existing is not None:
            notification_send(event="signup_existing_account", to=[existing], context={})
            return
        # The link carries the sign-up itself (the password only hashed), signed and dated: no
        # half-made account exists until the owner of the address follows it.
        token = signing.dumps(
            {
                "email": email,
                "password": make_password(password),
                "full_name": full_name,
                "profile": {
                    k: v if isinstance(v, bool | int) or v is None else str(v) for k, v in profile.items()
                },
                "next": next_url,
                # The privacy notice the person ticked, recorded when the account is made.
                "notice": notice_version,
            },
            salt=SIGNUP_SALT,
            compress=True,
        )
        # Not a saved user: the address has no account yet; the email goes out in the chosen language.
        recipient = User(email=email, full_name=full_name, **profile)
        notification_send(event="signup_confirm", to=[recipient], context={"token": token})


def signup_read(token: str) -> dict[str, Any]:
    """The sign-up a link carries; refused when it was altered or is too old."""
    try:
        return signing.loads(token, salt=SIGNUP_SALT, max_age=SIGNUP_LINK_AGE)
    except signing.SignatureExpired:
        raise LeadershipRefused(_("This link has expired. Sign up again to get a new one.")) from None
    except signing.BadSignature:
        raise LeadershipRefused(_("This link is not valid. Sign up again to get a new one.")) from None


def signup_confirm(*, token: str) -> User:
    """Create the account the link describes; its follower proved they read the address's mail."""
    User = get_user_model()
    data = signup_read(token)
    taken = LeadershipRefused(_("This address already has an account. Log in, or reset your password."))
    if User.objects.filter(email__iexact=data["email"]).exists():
        raise taken
    user = User(email=data["email"], full_name=data["full_name"], password=data["password"])
    for field, value in data["profile"].items():
        setattr(user, field, value)
    try:
        with transaction.atomic():
            user.save()
            notice = PrivacyNotice.objects.published().filter(version=data.get("notice") or 0).first()
            if notice is not None:
                ConsentRecord.objects.create(user=user, notice=notice)
    except IntegrityError:  # the same link followed twice at the same moment
        raise taken from None
    return user


def password_reset_request(*, email: str) -> None:
    """Write the request down; the address is looked up and emailed outside the web request.

    The request does one insert whether or not the address has an account, and never talks
    to the broker: beat's `process_password_resets` takes the row within seconds. Where tasks
    run in process (the embedded default, no broker) it runs right after commit instead.
    """
    from ..tasks import process_password_resets

    PasswordResetRequest.objects.create(email=_normalised(email))
    if process_password_resets.app.conf.task_always_eager:
        transaction.on_commit(process_password_resets.delay, robust=True)


def password_resets_process(*, limit: int = 200) -> int:
    """Handle waiting reset requests (two runs at once take different rows); returns emails written."""
    with transaction.atomic():
        rows = list(PasswordResetRequest.objects.select_for_update(skip_locked=True)[:limit])
        written = sum(password_reset_send(email=row.email) for row in rows)
        # The address is personal data a stranger typed: keep it no longer than needed.
        PasswordResetRequest.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return written


def password_reset_send(*, email: str) -> int:
    """Write the reset email, through the outbox, to each active account of the address."""
    User = get_user_model()
    users = [u for u in User.objects.filter(email__iexact=email, is_active=True) if u.has_usable_password()]
    with transaction.atomic():
        for user in users:
            notification_send(
                event="password_reset",
                to=[user],
                context={
                    "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
    return len(users)
