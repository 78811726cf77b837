"""The rules staff set for a slate: award count, cap per country, minimums, pinned and excluded."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from leadership.models import FocusAreaCode

from .candidates import CENTS, CandidateRow, Catalogue
from .regions import Region
from .solver import Rules

REGION_PREFIX, FOCUS_PREFIX = "min_region_", "min_focus_"
SEPARATORS = re.compile(r"[\s,;]+")


class SlateForm(forms.Form):
    size = forms.IntegerField(
        label=gettext_lazy("Awards to fill"),
        min_value=1,
        help_text=gettext_lazy("At most the awards the program has left."),
    )
    max_per_country = forms.IntegerField(
        label=gettext_lazy("At most per country"), min_value=1, required=False
    )
    pinned = forms.CharField(
        label=gettext_lazy("Pinned applications"),
        required=False,
        help_text=gettext_lazy("Application numbers that must be in the slate, separated by commas."),
    )
    excluded = forms.CharField(
        label=gettext_lazy("Excluded applications"),
        required=False,
        help_text=gettext_lazy("Application numbers that must stay out, separated by commas."),
    )

    def __init__(self, *args: Any, rows: Sequence[CandidateRow], catalogue: Catalogue, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        self.candidate_ids = {row.id for row in rows}
        size = self.fields["size"]
        assert isinstance(size, forms.IntegerField)
        size.validators.append(_at_most(catalogue.slots_left))
        size.widget.attrs["max"] = max(catalogue.slots_left, 1)
        size.initial = max(min(catalogue.slots_left, len(rows)), 1)
        for region in Region:
            self.fields[REGION_PREFIX + region.value] = forms.IntegerField(
                label=region.label, min_value=0, required=False
            )
        for area in FocusAreaCode:
            self.fields[FOCUS_PREFIX + area.value] = forms.IntegerField(
                label=area.label, min_value=0, required=False
            )

    def region_fields(self) -> list[forms.BoundField]:
        return [self[REGION_PREFIX + region.value] for region in Region]

    def focus_fields(self) -> list[forms.BoundField]:
        return [self[FOCUS_PREFIX + area.value] for area in FocusAreaCode]

    def clean_pinned(self) -> frozenset[int]:
        return self._application_numbers("pinned")

    def clean_excluded(self) -> frozenset[int]:
        return self._application_numbers("excluded")

    def _application_numbers(self, name: str) -> frozenset[int]:
        text = (self.cleaned_data.get(name) or "").strip().replace("#", "")
        numbers = [part for part in SEPARATORS.split(text) if part]
        wrong = [part for part in numbers if not part.isdigit()]
        if wrong:
            raise forms.ValidationError(
                _("Write application numbers only, separated by commas (not: %(wrong)s).")
                % {"wrong": ", ".join(wrong)}
            )
        unknown = [part for part in numbers if int(part) not in self.candidate_ids]
        if unknown:
            raise forms.ValidationError(
                _("No candidate of this round has the number %(numbers)s.") % {"numbers": ", ".join(unknown)}
            )
        return frozenset(int(part) for part in numbers)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        both = set(data.get("pinned") or ()) & set(data.get("excluded") or ())
        if both:
            self.add_error(
                "excluded",
                _("An application cannot be both pinned and excluded: %(numbers)s.")
                % {"numbers": ", ".join(f"#{pk}" for pk in sorted(both))},
            )
        return data

    def rules(self) -> Rules:
        """The rules of the bound, valid form; the defaults (the catalogue's alone) otherwise."""
        data = (
            self.cleaned_data if self.is_bound and self.is_valid() else {"size": self.fields["size"].initial}
        )
        return Rules(
            size=data["size"],
            budget_cents=int(self.catalogue.money_left * CENTS),
            max_per_country=data.get("max_per_country"),
            min_per_region={
                r.value: data[REGION_PREFIX + r.value] for r in Region if data.get(REGION_PREFIX + r.value)
            },
            min_per_focus={
                a.value: data[FOCUS_PREFIX + a.value]
                for a in FocusAreaCode
                if data.get(FOCUS_PREFIX + a.value)
            },
            pinned=data.get("pinned") or frozenset(),
            excluded=data.get("excluded") or frozenset(),
        )


class SlateSaveForm(SlateForm):
    name = forms.CharField(label=gettext_lazy("Name of the slate"), max_length=200)


def _at_most(slots: int):  # type: ignore[no-untyped-def]
    def check(value: int) -> None:
        if value > slots:
            raise forms.ValidationError(
                ngettext(
                    "The program has %(n)d award left; the slate cannot fill more.",
                    "The program has %(n)d awards left; the slate cannot fill more.",
                    slots,
                )
                % {"n": slots}
            )

    return check


def rules_as_data(rules: Rules) -> dict[str, Any]:
    """The rules as JSON for the saved slate, and as the builder's query to open them again."""
    data: dict[str, Any] = {"size": rules.size, "budget_cents": rules.budget_cents}
    if rules.max_per_country is not None:
        data["max_per_country"] = rules.max_per_country
    data["min_per_region"] = dict(rules.min_per_region)
    data["min_per_focus"] = dict(rules.min_per_focus)
    data["pinned"] = sorted(rules.pinned)
    data["excluded"] = sorted(rules.excluded)
    return data


def rules_in_words(data: dict[str, Any]) -> list[str]:
    """Saved rules (see rules_as_data) as the slate's page lists them."""
    size = int(data.get("size") or 0)
    words = [ngettext("%(n)d award to fill.", "%(n)d awards to fill.", size) % {"n": size}]
    if data.get("max_per_country") is not None:
        words.append(_("At most %(cap)d per country.") % {"cap": data["max_per_country"]})
    regions, areas = dict(Region.choices), dict(FocusAreaCode.choices)
    for labels, minimums in ((regions, data.get("min_per_region")), (areas, data.get("min_per_focus"))):
        for key, least in (minimums or {}).items():
            words.append(
                _("At least %(least)d in %(label)s.") % {"least": least, "label": labels.get(key, key)}
            )
    for key, label in (("pinned", _("Pinned: %(names)s.")), ("excluded", _("Excluded: %(names)s."))):
        if data.get(key):
            words.append(label % {"names": ", ".join(f"#{pk}" for pk in data[key])})
    return words


def query_of(data: dict[str, Any]) -> dict[str, str]:
    """The builder's GET parameters for saved rules (see rules_as_data)."""
    query = {"size": str(data.get("size", ""))}
    if data.get("max_per_country") is not None:
        query["max_per_country"] = str(data["max_per_country"])
    for key, n in (data.get("min_per_region") or {}).items():
        query[REGION_PREFIX + key] = str(n)
    for key, n in (data.get("min_per_focus") or {}).items():
        query[FOCUS_PREFIX + key] = str(n)
    query["pinned"] = ", ".join(str(pk) for pk in data.get("pinned") or ())
    query["excluded"] = ", ".join(str(pk) for pk in data.get("excluded") or ())
    return query
