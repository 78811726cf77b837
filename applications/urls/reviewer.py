"""The reviewer's own pages, under /reviews/ (the scoring page itself is in the admin)."""

from django.urls import path

from applications.views.reviewing import my_reviews

urlpatterns = [
    path("", my_reviews, name="my_reviews"),
]
