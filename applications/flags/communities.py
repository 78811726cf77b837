"""Communities that look like one group under several names, and accounts that create many in a burst."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count

from leadership.models import Community, CommunityAdmin

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")


def url_key(url: str) -> str:
    """The link as a person means it: no scheme, no `www.`, no fragment or trailing slash, any case."""
    key = _SCHEME.sub("", url.strip().lower()).split("#", 1)[0]
    if key.startswith("www."):
        key = key[4:]
    path, sep, query = key.partition("?")
    return path.rstrip("/") + (sep + query if query else "")


def name_key(name: str) -> str:
    return " ".join(name.lower().split())


@dataclass(frozen=True)
class SharedUrl:
    first: tuple[int, str]  # (community id, name), the lower id
    second: tuple[int, str]
    url: str


def shared_urls(rows: Iterable[tuple[int, str, str]]) -> list[SharedUrl]:
    """Pairs of communities (id, name, url) whose links are the same and whose names are not."""
    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pk, name, url in rows:
        if key := url_key(url):
            groups[key].append((pk, name))
    found = []
    for key, members in groups.items():
        members.sort()
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                if name_key(first[1]) != name_key(second[1]):
                    found.append(SharedUrl(first=first, second=second, url=key))
    return found


def shared_urls_of(community: Community) -> list[SharedUrl]:
    """This community's pairs: the key is inside every link that normalises to it, so `icontains` finds them."""
    key = url_key(community.url)
    if not key:
        return []
    rows = Community.objects.filter(url__icontains=key).values_list("pk", "name", "url")
    return [pair for pair in shared_urls(rows) if community.pk in (pair.first[0], pair.second[0])]


@dataclass(frozen=True)
class Burst:
    account_id: int
    communities: list[tuple[int, str]]  # (id, name) in order of creation
    window_minutes: int


def burst_rule() -> tuple[timedelta, int]:
    """How many communities one account may create within how long before it is flagged (settings)."""
    return timedelta(minutes=settings.FLAGS_BURST_MINUTES), settings.FLAGS_BURST_COUNT


def bursts(rows: Iterable[tuple[int, int, str, datetime]]) -> list[Burst]:
    """Runs of at least `count` communities created by one account within `window`.

    `rows` are (account, community id, name, created at), ordered by account then time. Each run is
    as long as it goes from its first community; the next run starts after it.
    """
    window, count = burst_rule()
    by_account: dict[int, list[tuple[int, str, datetime]]] = defaultdict(list)
    for account, pk, name, created in rows:
        by_account[account].append((pk, name, created))
    found = []
    for account, made in by_account.items():
        i = 0
        while i <= len(made) - count:
            j = i
            while j + 1 < len(made) and made[j + 1][2] - made[i][2] <= window:
                j += 1
            if j - i + 1 >= count:
                found.append(
                    Burst(
                        account_id=account,
                        communities=[(pk, name) for pk, name, _ in made[i : j + 1]],
                        window_minutes=int(window.total_seconds() // 60),
                    )
                )
                i = j + 1
            else:
                i += 1
    return found


def _creations(accounts) -> list[tuple[int, int, str, datetime]]:
    return list(
        CommunityAdmin.objects.filter(is_creator=True, user_id__in=accounts)
        .order_by("user_id", "community__created_at", "community_id")
        .values_list("user_id", "community_id", "community__name", "community__created_at")
    )


def all_bursts() -> list[Burst]:
    """Every burst: two queries, the second only over accounts that created enough communities."""
    _, count = burst_rule()
    prolific = (
        CommunityAdmin.objects.filter(is_creator=True)
        .values("user_id")
        .annotate(n=Count("id"))
        .filter(n__gte=count)
        .values("user_id")
    )
    return bursts(_creations(prolific))


def bursts_of(community: Community) -> list[Burst]:
    """Bursts of whoever created this community, that include it."""
    creator = CommunityAdmin.objects.filter(community=community, is_creator=True).values("user_id")
    return [b for b in bursts(_creations(creator)) if community.pk in {pk for pk, _ in b.communities}]
