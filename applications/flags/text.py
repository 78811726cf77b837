"""Near-identical application texts: word 3-shingles, MinHash bands stored per application, exact Jaccard.

Why not pg_trgm: character trigrams of texts this long saturate. Measured on `seed_scale` data
(texts of about 4,500 characters drawn from one vocabulary), two *unrelated* applications
scored a trigram similarity of 0.98, and a `%` lookup through a GIN index took 33 s because
every row matched. Word sequences tell a copy from a text on the same topic: two unrelated
texts share almost no run of three words, a copy with a tenth of its words changed still
shares most of them.

The measure is the Jaccard index of the two texts' sets of 3-word shingles (lower-cased words).
Each submitted application's MinHash signature (NUM_PERM hashes) is cut into BANDS bands of
ROWS values; each band is one row of TextBand. Applications sharing any band are candidates
(a pair with Jaccard 0.5 shares one with probability 0.96, at 0.6 0.997, at 0.3 0.48, at 0.02
0.0002), and candidates are flagged when their exact Jaccard reaches THRESHOLD: 0.5 is a copy
with about one word in eight changed (each changed word breaks three shingles).
Hashes are CRC-32 and fixed multipliers, so a fingerprint is the same in every process.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.db.models import Q

from ..models import Application, Status, TextBand

SHINGLE_WORDS = 3
BANDS, ROWS = 24, 3
NUM_PERM = BANDS * ROWS
THRESHOLD = 0.5
TEXT_FIELDS = (
    "title",
    "summary",
    "community_story",
    "plan",
    "impact",
    "measurement",
    "leadership_experience",
)
# Drafts change and may still be abandoned: only what was sent is compared.
COMPARED = Application.objects.exclude(status=Status.DRAFT)

_WORD = re.compile(r"\w+")
_rng = np.random.default_rng(20180209)  # fixed: the fingerprints are stored
_A = _rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)  # odd multipliers
_B = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)
_BAND_MIX = np.array([0x27D4EB2F165667C5, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9], dtype=np.uint64)
_word_hashes: dict[str, int] = {}


def screening_text(values: Iterable[str]) -> str:
    return "\n".join(value for value in values if value)


def shingles(text: str) -> np.ndarray:
    """The text's distinct 3-word shingles, each as a 64-bit hash (sorted)."""
    words = _WORD.findall(text.lower())
    if not words:
        return np.empty(0, dtype=np.uint64)
    for word in set(words).difference(_word_hashes):
        _word_hashes[word] = zlib.crc32(word.encode()) or 1
    hashes = np.fromiter(map(_word_hashes.__getitem__, words), dtype=np.uint64, count=len(words))
    if len(hashes) < SHINGLE_WORDS:
        return np.unique(hashes * _MIX[0])
    n = len(hashes) - SHINGLE_WORDS + 1
    combined = np.zeros(n, dtype=np.uint64)
    for offset in range(SHINGLE_WORDS):
        combined += hashes[offset : offset + n] * _MIX[offset]  # wraps modulo 2⁶⁴, as meant
    return np.unique(combined)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if not len(a) or not len(b):
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


def bands(shingle_set: np.ndarray) -> list[int]:
    """The BANDS band values of the set's MinHash signature, as signed 64-bit integers."""
    if not len(shingle_set):
        return []
    # Multiply-shift hashing: (a·x + b mod 2⁶⁴) >> 32 is a universal family for odd a.
    hashed = (_A[:, None] * shingle_set[None, :] + _B[:, None]) >> np.uint64(32)
    signature = hashed.min(axis=1).reshape(BANDS, ROWS)
    values = (signature * _BAND_MIX).sum(axis=1, dtype=np.uint64) + np.arange(BANDS, dtype=np.uint64)
    return [int(v) for v in values.view(np.int64)]


@dataclass(frozen=True)
class Fingerprint:
    application_id: int
    community_id: int
    shingles: np.ndarray


def fingerprints(queryset) -> Iterator[Fingerprint]:
    """Each application's shingles, read in chunks so memory stays flat."""
    rows = queryset.order_by().values_list("pk", "community_id", *TEXT_FIELDS)
    for pk, community_id, *texts in rows.iterator(chunk_size=2000):
        yield Fingerprint(pk, community_id, shingles(screening_text(texts)))


def bands_store(prints: Iterable[Fingerprint], *, batch: int = 2000) -> int:
    """Write (or rewrite) the bands of these applications; returns how many applications."""
    count = 0
    pending: list[tuple[int, int, int]] = []
    ids: list[int] = []
    for fingerprint in prints:
        count += 1
        ids.append(fingerprint.application_id)
        pending.extend((fingerprint.application_id, i, v) for i, v in enumerate(bands(fingerprint.shingles)))
        if len(ids) >= batch:
            _write(ids, pending)
            ids, pending = [], []
    if ids:
        _write(ids, pending)
    return count


def _write(ids: list[int], rows: list[tuple[int, int, int]]) -> None:
    TextBand.objects.filter(application_id__in=ids).delete()
    if connection.vendor == "postgresql":
        # COPY: a nightly pass writes about 450,000 rows; model instances and INSERTs took 30 s of it.
        lines = io.StringIO("".join(f"{a}\t{b}\t{v}\n" for a, b, v in rows))
        table = TextBand._meta.db_table
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {table} (application_id, band, value) FROM STDIN", lines)
        return
    TextBand.objects.bulk_create(
        [TextBand(application_id=a, band=b, value=v) for a, b, v in rows], batch_size=5000
    )


def candidates_for(application_id: int, band_values: list[int]) -> set[int]:
    """Applications sharing at least one band with these values: one indexed query."""
    if not band_values:
        return set()
    match = Q()
    for band, value in enumerate(band_values):
        match |= Q(band=band, value=value)
    return set(
        TextBand.objects.filter(match)
        .exclude(application_id=application_id)
        .values_list("application_id", flat=True)
        .distinct()
    )


CANDIDATE_PAIRS_SQL = """
SELECT DISTINCT a.application_id, b.application_id
FROM {band} a JOIN {band} b ON b.band = a.band AND b.value = a.value AND b.application_id > a.application_id
"""


def candidate_pairs() -> list[tuple[int, int]]:
    """Every pair of applications sharing a band, lower id first."""
    with connection.cursor() as cursor:
        cursor.execute(CANDIDATE_PAIRS_SQL.format(band=TextBand._meta.db_table))
        return [(a, b) for a, b in cursor.fetchall()]
