"""The staff home, at /staff/."""

from django.urls import path

from applications.views.staff_home import staff_home

urlpatterns = [
    path("", staff_home, name="staff_home"),
]
