"""The edit page renders its fields with one small template tag (not crispy's nested includes, ~half
the page's time): the markup keeps Bootstrap's classes, labels, help and error ids."""

from django.urls import reverse


def test_fields_keep_labels_help_and_bootstrap_classes(client, applicant, draft):
    client.force_login(applicant)
    content = client.get(reverse("application_edit", args=[draft.pk])).content.decode()
    assert '<div id="div_id_title" class="mb-3">' in content
    assert '<label for="id_title" class="form-label">' in content
    assert 'class="textinput form-control"' in content
    assert 'class="textarea form-control"' in content
    assert 'class="numberinput form-control"' in content
    assert 'aria-describedby="id_plan_helptext"' in content
    assert 'id="id_plan_helptext" class="form-text"' in content
    assert "as_crispy_field" not in content


def test_an_invalid_field_is_marked_and_its_error_shown(client, applicant, draft):
    client.force_login(applicant)
    draft.plan = ""
    draft.save(update_fields=["plan"])
    response = client.post(reverse("application_submit", args=[draft.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="plan" cols="40" rows="6" class="textarea form-control is-invalid"' in content
    assert 'aria-invalid="true"' in content
    assert '<div id="id_plan_error" class="invalid-feedback">' in content
    assert '<span id="error_1_id_plan"><strong>This field is required to submit.</strong></span>' in content
    assert 'class="textinput form-control"' in content  # the valid title is not marked


def test_the_upload_form_keeps_its_label_help_and_error_ids(client, applicant, draft):
    """The attachment form uses the same small field template as the application's fields."""
    client.force_login(applicant)
    content = client.get(reverse("application_edit", args=[draft.pk])).content.decode()
    assert (
        '<label for="id_upload" class="form-label requiredField">File<span class="asteriskField">*</span>'
        in content
    )
    assert 'class="form-control" required aria-describedby="id_upload_helptext" id="id_upload"' in content
    assert 'aria-describedby="id_description_helptext" id="id_description"' in content
    response = client.post(reverse("attachment_upload", args=[draft.pk]), {"description": "Budget"})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="form-control is-invalid" required aria-invalid="true"' in content
    assert 'aria-describedby="id_upload_helptext id_upload_error"' in content
    assert '<div id="id_upload_error" class="invalid-feedback">' in content
    assert '<span id="error_1_id_upload"><strong>This field is required.</strong></span>' in content
    assert 'value="Budget"' in content
