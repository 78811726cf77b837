from django.urls import path

from ..views import privacy

urlpatterns = [
    path("privacy/accept/", privacy.privacy_consent, name="privacy_consent"),
    path("my-data/", privacy.privacy_data, name="privacy_data"),
    path("my-data/export/", privacy.privacy_export_request, name="privacy_export_request"),
    path("my-data/export/<int:pk>/status/", privacy.privacy_export_status, name="privacy_export_status"),
    path("my-data/download/<str:token>/", privacy.privacy_export_download, name="privacy_export_download"),
    path("my-data/erase/", privacy.privacy_erasure, name="privacy_erasure"),
    path("my-data/erase/cancel/", privacy.privacy_erasure_cancel, name="privacy_erasure_cancel"),
]
