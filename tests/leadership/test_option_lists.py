"""Select widgets written in Python give Django's markup, and the person change page uses them."""

import pytest
from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple

from leadership.admin.option_lists import OptionListFilteredSelectMultiple, OptionListSelect
from leadership.models import User

CHOICES = [("", "---"), ("a<b", "A & B"), ("Group", [("x", "X"), ("y", 'Y"')]), (3, "three")]


@pytest.mark.parametrize(
    ("django_widget", "ours", "value"),
    [
        (forms.Select, OptionListSelect, "x"),
        (forms.Select, OptionListSelect, None),
        (FilteredSelectMultiple, OptionListFilteredSelectMultiple, ["x", "3"]),
    ],
)
def test_same_markup_as_django_templates(django_widget, ours, value):
    args = ("permissions", False) if django_widget is FilteredSelectMultiple else ()
    attrs = {"class": "c", "required": True, "disabled": False, "data-x": '"q"'}
    expected = django_widget(*args, choices=CHOICES, attrs=attrs).render("f", value, {"id": "id_f"})
    assert ours(*args, choices=CHOICES, attrs=attrs).render("f", value, {"id": "id_f"}) == expected


@pytest.mark.django_db
def test_person_change_page_uses_them_for_its_long_lists(client, applicant):
    root = User.objects.create_superuser(email="root@example.org", password="x", full_name="Root")
    client.force_login(root)
    response = client.get(f"/admin/leadership/user/{applicant.pk}/change/")
    assert response.status_code == 200
    fields = response.context["adminform"].form.fields
    assert isinstance(fields["time_zone"].widget, OptionListSelect)
    assert isinstance(fields["country"].widget, OptionListSelect)
    assert isinstance(fields["user_permissions"].widget.widget, OptionListFilteredSelectMultiple)
    page = response.content.decode()
    assert '<option value="Europe/Paris"' in page
    assert 'name="user_permissions"' in page
