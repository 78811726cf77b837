from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")

    def ready(self) -> None:
        from programs.caps import usage_counter_install

        from .cohort_columns import register
        from .next_steps import register as next_steps_register
        from .privacy import register_grants
        from .services.caps import program_usage

        register()
        next_steps_register()
        # The data-rights core (leadership.privacy) copies out and erases what this app holds.
        register_grants()
        # The catalogue's admin refuses cutting a cap below what is committed; grants counts it.
        usage_counter_install(program_usage)
