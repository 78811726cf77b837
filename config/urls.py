from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config import health
from leadership.views.accounts import language_set
from leadership.views.privacy import privacy_notice

admin.site.site_header = _("Community Leadership Grants")
admin.site.site_title = _("Grants administration")
admin.site.index_title = _("Program administration")

urlpatterns = [
    # Probes for load balancers and monitors; exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", language_set, name="set_language"),
    path("accounts/", include("leadership.urls.accounts")),
    path("accounts/", include("leadership.urls.privacy")),
    path("privacy/", privacy_notice, name="privacy_notice"),
    path("communities/", include("leadership.urls.communities")),
    path("leadership/", include("leadership.urls.training")),
    path("leadership/", include("leadership.urls.gatherings")),
    path("applications/", include("applications.urls.applicant")),
    path("reviews/", include("applications.urls.reviewer")),
    path("staff/", include("applications.urls.staff_home")),
    path("staff/reviews/", include("applications.urls.staff")),
    path("awards/", include("grants.urls.awards")),
    path("staff/awards/", include("grants.urls.staff")),
    path("", include("applications.urls.public")),
    path("", include("programs.urls")),
]
