"""Every admin page a superuser or program staff member can open renders: changelists (with search and a filter), add
forms and the change form of a real object of each model."""

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from tests.factories import make_program_staff
from tests.test_access_matrix import world  # noqa: F401 (fixture)

MODELS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture(params=["superuser", "program staff"])
def admin_user(request, django_user_model, staff):
    if request.param == "superuser":
        return django_user_model.objects.create_superuser(
            email="root@example.org", password="x", full_name="Root"
        )
    return make_program_staff(staff)


@pytest.mark.parametrize("model,model_admin", MODELS, ids=[m._meta.label for m, _a in MODELS])
def test_admin_pages_render(model, model_admin, world, client, admin_user):  # noqa: F811
    client.force_login(admin_user)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    if client.get(changelist).status_code == 404:  # a model this role may not see
        return
    assert client.get(changelist).status_code == 200
    assert client.get(changelist + "?q=zz%27%22").status_code == 200
    try:
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    except NoReverseMatch:
        add = None
    if add:
        assert client.get(add).status_code in (200, 403, 404)
    obj = model._default_manager.order_by("pk").first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert client.get(change).status_code in (200, 302)
