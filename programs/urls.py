"""The public site's catalogue pages, at the root."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/", views.rounds, name="rounds"),
    path("programs/<slug:slug>/", views.program_detail, name="program_detail"),
    path("faq/", views.faq, name="faq"),
]
