"""What the leadership staff pages share: the staff-only door, paging, and CSV chunking."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404

from ..roles import is_program_staff

PAGE_SIZE = 50
CSV_CHUNK = 500


def staff_required(view):
    """Anonymous people are sent to log in; signed-in people who are not staff get a 404."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_program_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def staff_page(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def attended_label(value: bool | None) -> str:
    """An attendance mark for a CSV cell: yes, no, or blank when not marked yet."""
    return {True: "yes", False: "no"}.get(value, "")
