"""Duplicate and fraud flags for screening: near-identical texts, shared links, bursts of new communities.

`flags_for_application(application_id)` runs after each submission (applications.tasks, queued on
commit by application_submit); `flags_scan()` is the nightly pass over everything (beat). Both only
add flags: a finding already flagged, dismissed or confirmed, is left as staff left it.
"""

from .raising import flags_for_application, flags_scan

__all__ = ["flags_for_application", "flags_scan"]
