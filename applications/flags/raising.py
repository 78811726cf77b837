"""From findings to Flag rows: what each pass looks at, and how a finding is written once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef

from leadership.models import Community

from ..models import Application, Status
from ..models.flag import Flag, FlagKind, TextBand
from .communities import Burst, SharedUrl, all_bursts, bursts_of, shared_urls, shared_urls_of
from .text import (
    COMPARED,
    THRESHOLD,
    Fingerprint,
    bands,
    bands_store,
    candidate_pairs,
    candidates_for,
    fingerprints,
    jaccard,
)


@dataclass(frozen=True)
class Finding:
    kind: str
    key: str
    score: float
    application_id: int | None = None
    other_application_id: int | None = None
    community_ids: tuple[int, ...] = ()
    account_id: int | None = None
    details: dict = field(default_factory=dict)


def _similar_text(a: Fingerprint, b: Fingerprint, score: float) -> Finding:
    first, second = sorted((a, b), key=lambda f: f.application_id)
    return Finding(
        kind=FlagKind.SIMILAR_TEXT,
        key=f"{first.application_id}-{second.application_id}",
        score=round(score, 4),
        application_id=first.application_id,
        other_application_id=second.application_id,
        community_ids=(first.community_id, second.community_id),
    )


def _text_findings(pairs: Iterable[tuple[int, int]]) -> list[Finding]:
    """Candidate pairs measured exactly; pairs from one community (a reused application) are not copies."""
    pairs = list(pairs)
    ids = {pk for pair in pairs for pk in pair}
    prints = {f.application_id: f for f in fingerprints(Application.objects.filter(pk__in=ids))}
    found = []
    for a, b in pairs:
        first, second = prints.get(a), prints.get(b)
        if first is None or second is None or first.community_id == second.community_id:
            continue
        if (score := jaccard(first.shingles, second.shingles)) >= THRESHOLD:
            found.append(_similar_text(first, second, score))
    return found


def _latest_applications(community_ids: Iterable[int]) -> dict[int, int]:
    """Each community's latest sent application, so a community flag also links applications."""
    latest: dict[int, int] = {}
    rows = (
        COMPARED.filter(community_id__in=list(community_ids))
        .order_by("community_id", "-created_at", "-pk")
        .values_list("community_id", "pk")
    )
    for community_id, pk in rows:
        latest.setdefault(community_id, pk)
    return latest


def _url_findings(pairs: list[SharedUrl]) -> list[Finding]:
    latest = _latest_applications(pk for pair in pairs for pk in (pair.first[0], pair.second[0]))
    return [
        Finding(
            kind=FlagKind.SHARED_URL,
            key=f"{pair.first[0]}-{pair.second[0]}",
            score=1.0,
            application_id=latest.get(pair.first[0]),
            other_application_id=latest.get(pair.second[0]),
            community_ids=(pair.first[0], pair.second[0]),
            details={"url": pair.url, "names": [pair.first[1], pair.second[1]]},
        )
        for pair in pairs
    ]


def _burst_findings(found: list[Burst]) -> list[Finding]:
    return [
        Finding(
            kind=FlagKind.ACCOUNT_BURST,
            key=f"{burst.account_id}-{burst.communities[0][0]}",
            score=1.0,
            community_ids=tuple(pk for pk, _ in burst.communities),
            account_id=burst.account_id,
            details={
                "names": [name for _, name in burst.communities],
                "window_minutes": burst.window_minutes,
            },
        )
        for burst in found
    ]


def flags_write(findings: list[Finding]) -> int:
    """Write the findings not flagged yet; a burst that grew gets its new communities. Returns new flags."""
    if not findings:
        return 0
    with transaction.atomic():
        keys = {(f.kind, f.key) for f in findings}
        before = set(Flag.objects.filter(key__in=[k for _, k in keys]).values_list("kind", "key"))
        Flag.objects.bulk_create(
            [
                Flag(
                    kind=f.kind,
                    key=f.key,
                    score=f.score,
                    application_id=f.application_id,
                    other_application_id=f.other_application_id,
                    account_id=f.account_id,
                    details=f.details,
                )
                for f in findings
                if (f.kind, f.key) not in before
            ],
            batch_size=1000,
            ignore_conflicts=True,  # a submission's task and the nightly pass may meet
        )
        rows = Flag.objects.filter(key__in=[k for _, k in keys]).values_list("kind", "key", "pk")
        ids = {(kind, key): pk for kind, key, pk in rows}
        through = Flag.communities.through
        through.objects.bulk_create(
            [
                through(flag_id=ids[(f.kind, f.key)], community_id=community_id)
                for f in findings
                for community_id in f.community_ids
                if (f.kind, f.key) in ids
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
        for f in findings:
            if f.kind == FlagKind.ACCOUNT_BURST and (f.kind, f.key) in before:
                Flag.objects.filter(kind=f.kind, key=f.key).update(details=f.details)
    return len(keys - before)


def flags_for_application(application_id: int) -> int:
    """After a submission: this application's text, its community's link and its creator's burst."""
    application = Application.objects.select_related("community").filter(pk=application_id).first()
    if application is None or application.status == Status.DRAFT:
        return 0
    (mine,) = fingerprints(Application.objects.filter(pk=application_id))
    bands_store([mine])
    candidates = candidates_for(application_id, bands(mine.shingles))
    findings = _text_findings((application_id, other) for other in candidates)
    findings += _url_findings(shared_urls_of(application.community))
    findings += _burst_findings(bursts_of(application.community))
    return flags_write(findings)


def flags_scan(*, round_id: int | None = None) -> int:
    """The nightly pass: fingerprint what is missing, then every text pair, link and burst.

    With `round_id`, only text pairs with an application of that round (against any round).
    """
    missing = COMPARED.exclude(Exists(TextBand.objects.filter(application=OuterRef("pk"))))
    bands_store(fingerprints(missing))
    pairs = candidate_pairs()
    if round_id is not None:
        in_round = set(Application.objects.filter(round_id=round_id).values_list("pk", flat=True))
        pairs = [(a, b) for a, b in pairs if a in in_round or b in in_round]
    findings = _text_findings(pairs)
    findings += _url_findings(shared_urls(Community.objects.values_list("pk", "name", "url").iterator()))
    findings += _burst_findings(all_bursts())
    return flags_write(findings)
