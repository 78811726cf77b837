"""Leadership development, mounted at /leadership/: training, gatherings and their staff pages."""

from django.urls import path

from ..views import development_staff as staff
from ..views import gatherings, training

urlpatterns = [
    path("sessions/", training.session_list, name="session_list"),
    path("sessions/<int:pk>/", training.session_detail, name="session_detail"),
    path("sessions/<int:pk>/enrol/", training.session_enrol, name="session_enrol"),
    path("sessions/<int:pk>/cancel/", training.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/calendar.ics", training.session_calendar, name="session_calendar"),
    path(
        "sessions/<int:pk>/materials/<int:material_pk>/", training.session_material, name="session_material"
    ),
    path("gatherings/", gatherings.gathering_list, name="gathering_list"),
    path("gatherings/public/", gatherings.gathering_public_list, name="gathering_public_list"),
    path("gatherings/mine/", gatherings.gathering_mine, name="gathering_mine"),
    path("gatherings/propose/", gatherings.gathering_propose, name="gathering_propose"),
    path("gatherings/<int:pk>/", gatherings.gathering_detail, name="gathering_detail"),
    path("gatherings/<int:pk>/rsvp/", gatherings.gathering_rsvp, name="gathering_rsvp"),
    path("gatherings/<int:pk>/rsvp/cancel/", gatherings.gathering_rsvp_cancel, name="gathering_rsvp_cancel"),
    path("gatherings/<int:pk>/cancel/", gatherings.gathering_cancel, name="gathering_cancel"),
    path("gatherings/<int:pk>/calendar.ics", gatherings.gathering_calendar, name="gathering_calendar"),
    path("gatherings/<int:pk>/message/", gatherings.gathering_message, name="gathering_message"),
    path("gatherings/<int:pk>/report/", gatherings.gathering_report, name="gathering_report"),
    path("staff/cohorts/", staff.cohort_list, name="staff_cohort_list"),
    path("staff/cohorts/<int:pk>/", staff.cohort_detail, name="staff_cohort_detail"),
    path(
        "staff/cohorts/<int:pk>/attendance.csv",
        staff.cohort_attendance_csv,
        name="staff_cohort_attendance_csv",
    ),
    path("staff/sessions/", staff.session_list, name="staff_session_list"),
    path("staff/sessions/<int:pk>/", staff.session_detail, name="staff_session_detail"),
    path("staff/sessions/<int:pk>/attendance/", staff.attendance_mark, name="staff_attendance_mark"),
    path("staff/sessions/<int:pk>/materials/", staff.material_add, name="staff_material_add"),
    path(
        "staff/sessions/<int:pk>/attendance.csv",
        staff.session_attendance_csv,
        name="staff_session_attendance_csv",
    ),
    path("staff/gatherings/", staff.gathering_list, name="staff_gathering_list"),
    path("staff/gatherings/export.csv", staff.gathering_export_csv, name="staff_gathering_export_csv"),
    path("staff/gatherings/<int:pk>/approve/", staff.gathering_approve, name="staff_gathering_approve"),
    path("staff/gatherings/<int:pk>/decline/", staff.gathering_decline, name="staff_gathering_decline"),
    path("staff/reports/", staff.report_list, name="staff_report_list"),
]
