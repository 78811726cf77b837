from django.urls import path

from ..views import communities

urlpatterns = [
    path("new/", communities.community_create_view, name="community_create"),
    path("<int:pk>/", communities.community_detail, name="community_detail"),
    path("<int:pk>/edit/", communities.community_edit, name="community_edit"),
    path("<int:pk>/invite/", communities.community_invite, name="community_invite"),
    path("invitations/<str:token>/", communities.invitation_accept_view, name="invitation_accept"),
]
