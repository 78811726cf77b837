"""Staff pages under /staff/awards/: budget dashboard, awarding, running awards, reports and exports."""

from django.urls import path

from ..views import exports, staff

urlpatterns = [
    path("", staff.budget_dashboard, name="staff_dashboard"),
    path("dashboard.json", staff.dashboard_data, name="staff_dashboard_data"),
    path("shortlist/", staff.shortlist, name="staff_shortlist"),
    path("make/<int:application_pk>/", staff.award_make_view, name="staff_award_make"),
    path("<int:pk>/", staff.award_detail, name="staff_award_detail"),
    path("<int:pk>/cancel/", staff.award_cancel_view, name="staff_award_cancel"),
    path("<int:pk>/amend/", staff.award_amend_view, name="staff_award_amend"),
    path("<int:pk>/complete/", staff.award_complete_view, name="staff_award_complete"),
    path("<int:pk>/tranches/", staff.tranches_edit, name="staff_tranches_edit"),
    path("<int:pk>/tranches/<int:tranche_pk>/paid/", staff.tranche_paid_view, name="staff_tranche_paid"),
    path("<int:pk>/reports/<int:report_pk>/accept/", staff.report_accept_view, name="staff_report_accept"),
    path("<int:pk>/reports/<int:report_pk>/changes/", staff.report_changes_view, name="staff_report_changes"),
    path("<int:pk>/budget/approve/", staff.proposal_approve_view, name="staff_proposal_approve"),
    path("<int:pk>/budget/changes/", staff.proposal_changes_view, name="staff_proposal_changes"),
    path("reports/", exports.reports_page, name="staff_reports"),
    path("reports/awards/", exports.export_awards, name="staff_export_awards"),
    path("reports/applications/", exports.export_applications, name="staff_export_applications"),
    path("exports/<int:pk>/", exports.export_progress, name="staff_export_progress"),
    path("exports/<int:pk>/status.json", exports.export_status, name="staff_export_status"),
    path("exports/<int:pk>/download/", exports.export_download, name="staff_export_download"),
]
