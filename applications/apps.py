from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from . import staff_home_panels
        from .privacy import register_access_log, register_applications

        # The data-rights core (leadership.privacy) copies out and erases what this app holds,
        # and lists who read this person's applications.
        register_applications()
        register_access_log()
        staff_home_panels.register()
