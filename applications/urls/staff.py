"""Staff pages of the review workflow, under /staff/reviews/."""

from django.urls import path

from applications.views import calibration, decisions, extensions, flags, slates, staff
from applications.views.retention import retention_page

urlpatterns = [
    path("", staff.review_rounds, name="staff_review_rounds"),
    path("rounds/<int:round_id>/ranking/", staff.ranking, name="round_ranking"),
    path("rounds/<int:round_id>/decide/", decisions.batch_decide, name="round_batch_decide"),
    path("rounds/<int:round_id>/release/", decisions.release_decisions, name="round_release_decisions"),
    path("applications/<int:application_id>/", staff.application_reviews, name="staff_application_reviews"),
    path(
        "applications/<int:application_id>/screen/",
        decisions.application_screen_view,
        name="staff_application_screen",
    ),
    path(
        "applications/<int:application_id>/decide/",
        decisions.application_decide_view,
        name="staff_application_decide",
    ),
    path("slates/", slates.slate_rounds, name="slate_rounds"),
    path("rounds/<int:round_id>/slate/", slates.slate_build, name="slate_build"),
    path("rounds/<int:round_id>/slate/save/", slates.slate_save_view, name="slate_save"),
    path("slates/<int:pk>/", slates.slate_detail, name="slate_detail"),
    path("slates/<int:pk>/apply/", slates.slate_apply_view, name="slate_apply"),
    path(
        "applications/<int:application_id>/deadline/",
        extensions.deadline_extend,
        name="staff_deadline_extend",
    ),
    path("retention/", retention_page, name="staff_retention"),
    path("rounds/<int:round_id>/calibration/", calibration.calibration, name="round_calibration"),
    path("rounds/<int:round_id>/calibration.csv", calibration.calibration_csv, name="round_calibration_csv"),
    path("flags/", flags.flag_list, name="staff_flags"),
    path("flags/<int:flag_id>/", flags.flag_detail, name="staff_flag_detail"),
    path("flags/<int:flag_id>/decision/", flags.flag_decision, name="staff_flag_decision"),
]
