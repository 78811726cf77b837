"""Training, mounted at /leadership/: leaders' sessions, and staff pages for cohorts and sessions."""

from django.urls import path

from ..views import cohorts, staff_training, training

urlpatterns = [
    path("sessions/", training.session_list, name="session_list"),
    path("sessions/<int:pk>/", training.session_detail, name="session_detail"),
    path("sessions/<int:pk>/enrol/", training.session_enrol, name="session_enrol"),
    path("sessions/<int:pk>/cancel/", training.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/calendar.ics", training.session_calendar, name="session_calendar"),
    path(
        "sessions/<int:pk>/materials/<int:material_pk>/", training.session_material, name="session_material"
    ),
    path("staff/cohorts/", cohorts.cohort_list, name="staff_cohort_list"),
    path("staff/cohorts/<int:pk>/", cohorts.cohort_detail, name="staff_cohort_detail"),
    path(
        "staff/cohorts/<int:pk>/attendance.csv",
        cohorts.cohort_attendance_csv,
        name="staff_cohort_attendance_csv",
    ),
    path("staff/sessions/", staff_training.session_list, name="staff_session_list"),
    path("staff/sessions/<int:pk>/", staff_training.session_detail, name="staff_session_detail"),
    path("staff/sessions/<int:pk>/attendance/", staff_training.attendance_mark, name="staff_attendance_mark"),
    path("staff/sessions/<int:pk>/materials/", staff_training.material_add, name="staff_material_add"),
    path(
        "staff/sessions/<int:pk>/attendance.csv",
        staff_training.session_attendance_csv,
        name="staff_session_attendance_csv",
    ),
]
