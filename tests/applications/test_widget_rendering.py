"""The edit page's widgets are written in Python (applications.widget_rendering), and give the
very bytes Django's widget templates give: bound or not, with errors, with text to escape."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from applications.forms import ApplicationForm, AttachmentForm, mark_widgets
from applications.widget_rendering import widget_renderer
from tests.applications.sample_files import upload
from tests.factories import ApplicationFactory, RoundFactory, program

TRICKY = 'Tit<le> "q" & \'s\n<script>alert(1)</script> &amp;'


class EveryWidget(forms.Form):
    text = forms.CharField(
        widget=forms.TextInput(
            attrs={"placeholder": TRICKY, "autofocus": True, "hidden": False, "data-safe": mark_safe("<i>")}
        )
    )
    lazy = forms.CharField(required=False, widget=forms.TextInput(attrs={"title": gettext_lazy("Title")}))
    number = forms.DecimalField(widget=forms.NumberInput(attrs={"min": 1, "step": "0.01"}))
    url = forms.URLField(assume_scheme="https")
    email = forms.EmailField()
    hidden = forms.CharField(widget=forms.HiddenInput)
    textarea = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(widget=forms.FileInput)
    clearable = forms.FileField(required=False)


def _rendered(form) -> dict[str, str]:
    mark_widgets(form)
    return {name: str(form[name]) for name in form.fields}


def _assert_same_without_templates(make_form, monkeypatch) -> list[str]:
    """Each field as Django's templates write it, then as the fast renderer does; the templates
    the fast renderer still had Django render."""
    expected = _rendered(make_form(DjangoTemplates()))
    templates = []
    original = DjangoTemplates.render

    def recording(self, template_name, context, request=None):
        templates.append(template_name)
        return original(self, template_name, context, request)

    monkeypatch.setattr(DjangoTemplates, "render", recording)
    assert _rendered(make_form(widget_renderer)) == expected
    monkeypatch.undo()
    return templates


def test_every_plain_widget_unbound(monkeypatch):
    initial = {"text": TRICKY, "number": "12.50", "hidden": mark_safe("<b>"), "textarea": TRICKY}
    templates = _assert_same_without_templates(
        lambda renderer: EveryWidget(initial=initial, renderer=renderer), monkeypatch
    )
    assert templates == []


def test_every_plain_widget_bound_with_errors(monkeypatch):
    data = {"text": TRICKY, "number": "abc", "url": "not a url", "email": "x", "textarea": "\n" + TRICKY}
    templates = _assert_same_without_templates(
        lambda renderer: EveryWidget(data, {"file": upload("a.pdf", b"%PDF")}, renderer=renderer), monkeypatch
    )
    assert templates == []


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["fellowship", "residency"])
def test_the_application_form_bound_and_unbound(slug, community, applicant, monkeypatch):
    draft = ApplicationFactory(
        community=community, round=RoundFactory(program=program(slug)), created_by=applicant, title=TRICKY
    )
    assert ApplicationForm(instance=draft).renderer is widget_renderer
    data = {"title": "x" * 300, "amount_requested": "abc", "plan": TRICKY, "version": "1", "base": "{}"}
    for make in (
        lambda renderer: ApplicationForm(instance=draft, renderer=renderer),
        lambda renderer: ApplicationForm(data, instance=draft, renderer=renderer),
    ):
        assert _assert_same_without_templates(make, monkeypatch) == []


def test_the_attachment_form_bound_and_unbound(monkeypatch):
    assert AttachmentForm().renderer is widget_renderer
    for make in (
        lambda renderer: AttachmentForm(renderer=renderer),
        lambda renderer: AttachmentForm({"description": "<b>" * 100}, renderer=renderer),
    ):
        assert _assert_same_without_templates(make, monkeypatch) == []


def test_a_stored_file_still_goes_through_the_template():
    """ClearableFileInput with a file already stored shows a link and a checkbox: Django's template."""

    class Stored:
        url = "/media/a.pdf"

        def __str__(self):
            return "a.pdf"

    def make(renderer):
        return EveryWidget(initial={"clearable": Stored()}, renderer=renderer)

    assert str(make(widget_renderer)["clearable"]) == str(make(DjangoTemplates())["clearable"])
    assert 'href="/media/a.pdf"' in str(make(widget_renderer)["clearable"])
