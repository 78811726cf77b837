"""Bulk inserts in batches, and filler text."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

from django.db.models import Model

from .vocabulary import BATCH, WORDS

T = TypeVar("T", bound=Model)


def batches(objects: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    iterator = iter(objects)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_batched(model: type[T], objects: Iterable[T]) -> list[T]:
    """bulk_create in batches, so memory holds one batch of unsaved objects at a time."""
    created: list[T] = []
    for batch in batches(objects):
        created.extend(model.objects.bulk_create(batch))
    return created


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."
