"""The applicant's pages, under /applications/."""

from django.urls import path

from applications import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("start/", views.application_start, name="application_start"),
    path("<int:pk>/", views.application_detail, name="application_detail"),
    path("<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("<int:pk>/autosave/", views.application_autosave, name="application_autosave"),
    path("<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
]
