"""The last pass of an erasure: a person's name and email replaced in every text column of every model.

The apps' erasers remove or pseudonymise the rows they know are about the person; this pass
catches what they cannot know: a co-admin's application that names them, an email to staff
quoting them, the admin's change history. One UPDATE per model, filtered by the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Replace
from django.utils.html import escape

# Never rewritten: the password hash is no text about anyone.
SKIPPED_FIELDS = frozenset({"password"})


def needles_for(*, full_name: str, email: str) -> tuple[str, ...]:
    """The strings that identify a person as text: name and email, as typed and as HTML shows them."""
    found: list[str] = []
    for value in (email, email.lower(), full_name, escape(full_name), full_name.lower()):
        value = value.strip()
        # A one-letter "name" would rewrite half the database.
        if len(value) >= 3 and value not in found:
            found.append(value)
    # Longest first, so the email goes before a name it may contain.
    return tuple(sorted(found, key=len, reverse=True))


def text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.primary_key
        # A unique column (a login, a token) is an identifier, not text: rewriting it could
        # collide, or change another person's address that contains this one.
        and not field.unique
        and field.name not in SKIPPED_FIELDS
    ]


def text_columns_sweep(
    *,
    needles: Iterable[str],
    replacement: str,
    keep: Mapping[type[models.Model], Iterable[int]] | None = None,
) -> int:
    """Replace each needle by `replacement` in every text column; returns the rows changed.

    `keep` names rows left untouched, by model (the farewell email, until it is sent).
    """
    needles = tuple(needles)
    if not needles:
        return 0
    changed = 0
    # The accounts themselves are not swept: the erased one is rewritten whole by its eraser, and
    # another person who shares the name keeps theirs.
    people = get_user_model()
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed or model is people:
            continue
        fields = text_fields(model)
        if not fields:
            continue
        matches = reduce(or_, (Q(**{f"{f.attname}__icontains": n}) for f in fields for n in needles))
        rows = model._base_manager.filter(matches)
        if keep and model in keep:
            rows = rows.exclude(pk__in=list(keep[model]))
        changed += rows.update(**{f.attname: _replaced(f.attname, needles, replacement) for f in fields})
    return changed


def _replaced(column: str, needles: tuple[str, ...], replacement: str) -> Func | F:
    expression: Func | F = F(column)
    for needle in needles:
        if connection.vendor == "postgresql":
            # Any case, as the filter matched: "AMINA APPLICANT" goes too.
            expression = Func(
                expression,
                Value(re.escape(needle)),
                Value(replacement),
                Value("gi"),
                function="REGEXP_REPLACE",
                output_field=models.TextField(),
            )
        else:
            expression = Replace(expression, Value(needle), Value(replacement))
    return expression
