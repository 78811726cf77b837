"""Local gatherings, mounted at /leadership/: leaders' gatherings and the staff approval pages."""

from django.urls import path

from ..views import gatherings, staff_gatherings

urlpatterns = [
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
    path("staff/gatherings/", staff_gatherings.gathering_list, name="staff_gathering_list"),
    path(
        "staff/gatherings/export.csv",
        staff_gatherings.gathering_export_csv,
        name="staff_gathering_export_csv",
    ),
    path(
        "staff/gatherings/<int:pk>/approve/",
        staff_gatherings.gathering_approve,
        name="staff_gathering_approve",
    ),
    path(
        "staff/gatherings/<int:pk>/decline/",
        staff_gatherings.gathering_decline,
        name="staff_gathering_decline",
    ),
    path("staff/reports/", staff_gatherings.report_list, name="staff_report_list"),
]
