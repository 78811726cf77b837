"""`python manage.py serve_demo [addrport]`: runserver, then the demo logins as the last lines.

`make run` serves with it so the banner is not buried under the server's start-up lines.
"""

from __future__ import annotations

from whitenoise.runserver_nostatic.management.commands.runserver import Command as RunserverCommand

from .seed_demo import demo_banner


class Command(RunserverCommand):
    help = "Serve the project like runserver and print the demo logins once it listens."

    def on_bind(self, server_port: int) -> None:
        super().on_bind(server_port)
        self.stdout.write(self.style.SUCCESS(demo_banner()))
