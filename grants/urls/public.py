from django.urls import path

from ..views import public

urlpatterns = [
    path("", public.home, name="home"),
    path("rounds/", public.rounds, name="rounds"),
    path("programs/<slug:slug>/", public.program_detail, name="program_detail"),
    path("eligibility/", public.eligibility, name="eligibility"),
    path("faq/", public.faq, name="faq"),
]
