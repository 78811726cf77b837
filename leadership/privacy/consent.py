"""The privacy notice: which version is in force, publishing a new one, and people accepting it."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ConsentRecord, PrivacyNotice
from ..services.communities import LeadershipRefused

if TYPE_CHECKING:
    from ..models import User

# The version in force, read by every signed-in request: kept in the shared cache, so a
# request whose session already holds it runs no query at all, and for a few seconds in the
# process, so it does not ask the cache either (a publication reaches other processes that late).
CURRENT_VERSION_KEY = "privacy:notice-version"
CURRENT_VERSION_SECONDS = 60
PROCESS_VERSION_SECONDS = 5
# (version, kept until): replaced whole, so a thread never reads half of a forget.
_in_process: tuple[int, float] | None = None


def current_notice() -> PrivacyNotice | None:
    """The published version in force: the highest published one."""
    return PrivacyNotice.objects.published().order_by("-version").first()


def current_version(*, fresh: bool = False) -> int:
    """The version in force (0: none published yet), from the caches unless `fresh`."""
    global _in_process
    now = time.monotonic()
    kept = _in_process
    if not fresh and kept is not None and kept[1] > now:
        return kept[0]
    version = None if fresh else cache.get(CURRENT_VERSION_KEY)
    if version is None:
        version = PrivacyNotice.objects.published().aggregate(v=Max("version"))["v"] or 0
        cache.set(CURRENT_VERSION_KEY, version, CURRENT_VERSION_SECONDS)
    _in_process = (int(version), now + PROCESS_VERSION_SECONDS)
    return int(version)


def current_version_forget() -> None:
    global _in_process
    _in_process = None
    cache.delete(CURRENT_VERSION_KEY)


def next_version() -> int:
    return (PrivacyNotice.objects.aggregate(v=Max("version"))["v"] or 0) + 1


def privacy_notice_publish(*, notice: PrivacyNotice, by: User | None) -> PrivacyNotice:
    """Put a version in force: from the next request on, everyone signed in is asked to accept it."""
    with transaction.atomic():
        notice = PrivacyNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.is_published:
            raise LeadershipRefused(_("This version is already published."))
        if PrivacyNotice.objects.published().filter(version__gt=notice.version).exists():
            raise LeadershipRefused(_("A later version is already published. Write a new version instead."))
        notice.published_at, notice.published_by = timezone.now(), by
        notice.save(update_fields=["published_at", "published_by"])
        # Forgotten now for this process, and again after commit for a request that read the old
        # version meanwhile.
        current_version_forget()
        transaction.on_commit(current_version_forget)
    return notice


def has_accepted(user: User, version: int) -> bool:
    return ConsentRecord.objects.filter(user=user, notice__version=version).exists()


def consent_accept(*, user: User, notice: PrivacyNotice) -> ConsentRecord:
    """Record that the person accepted this published version now (once per version)."""
    if not notice.is_published:
        raise LeadershipRefused(_("This version of the notice is not published."))
    try:
        with transaction.atomic():
            record, _created = ConsentRecord.objects.get_or_create(user=user, notice=notice)
    except IntegrityError:  # the same form posted twice at once
        record = ConsentRecord.objects.get(user=user, notice=notice)
    return record
