"""Stable pseudonymous identifiers for files that leave the program (blind exports).

The same record always gets the same pseudonym, so outside evaluators can refer to a row across
files, but the pseudonym reveals neither the database id nor the order of the records: it is a
keyed hash (HMAC with SECRET_KEY) of the record's kind and id.
"""

from __future__ import annotations

import base64

from django.utils.crypto import salted_hmac

SALT = "leadership.pseudonyms"
LENGTH = 10


def pseudonym(kind: str, pk: int) -> str:
    """`APP-7QK2M4XD9B` for application 42, say: the same in every export, different per kind."""
    digest = salted_hmac(SALT, f"{kind}:{pk}", algorithm="sha256").digest()
    code = base64.b32encode(digest).decode("ascii")[:LENGTH]
    return f"{kind.upper()[:3]}-{code}"
