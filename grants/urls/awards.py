"""Grantee pages under /awards/, and the public list of awarded communities."""

from django.urls import path

from ..views import awards

urlpatterns = [
    path("", awards.award_list, name="award_list"),
    path("listed/", awards.awarded_communities, name="awarded_communities"),
    path("<int:pk>/", awards.award_detail, name="award_detail"),
    path("<int:pk>/accept/", awards.award_accept_view, name="award_accept"),
    path("<int:pk>/decline/", awards.award_decline_view, name="award_decline"),
    path("<int:award_pk>/reports/<int:pk>/", awards.report_file, name="report_file"),
    path("<int:pk>/budget/", awards.budget_proposal, name="budget_proposal"),
]
