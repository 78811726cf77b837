"""The production URLs plus /bench/bare, the baseline every page's throughput is compared to.

Only bench._settings names this module; production never routes /bench/.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare", bare),
    path("", include("config.urls")),
]
