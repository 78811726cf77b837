"""The public page applications own, at the root: who may apply."""

from django.urls import path

from applications.views.eligibility import eligibility

urlpatterns = [
    path("eligibility/", eligibility, name="eligibility"),
]
