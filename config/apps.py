from django.contrib.admin.apps import AdminConfig


class GrantsAdminConfig(AdminConfig):
    """The stock admin app on the project's own site (config.admin.GrantsAdminSite)."""

    default_site = "config.admin.GrantsAdminSite"
