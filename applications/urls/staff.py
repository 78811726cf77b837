"""Staff pages of the review workflow, under /staff/reviews/."""

from django.urls import path

from applications.views import calibration, flags, staff

urlpatterns = [
    path("", staff.review_rounds, name="staff_review_rounds"),
    path("rounds/<int:round_id>/ranking/", staff.ranking, name="round_ranking"),
    path("rounds/<int:round_id>/calibration/", calibration.calibration, name="round_calibration"),
    path("rounds/<int:round_id>/calibration.csv", calibration.calibration_csv, name="round_calibration_csv"),
    path("rounds/<int:round_id>/release/", staff.release_decisions, name="round_release_decisions"),
    path("applications/<int:application_id>/", staff.application_reviews, name="staff_application_reviews"),
    path("flags/", flags.flag_list, name="staff_flags"),
    path("flags/<int:flag_id>/", flags.flag_detail, name="staff_flag_detail"),
    path("flags/<int:flag_id>/decision/", flags.flag_decision, name="staff_flag_decision"),
]
