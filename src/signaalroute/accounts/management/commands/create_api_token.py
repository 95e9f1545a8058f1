"""`manage.py create_api_token USERNAME NAME`: issue an API token to a partner system's account."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from signaalroute.accounts.models import User
from signaalroute.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token; the secret is printed once and only its hash is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", help="What the token is for, e.g. 'politie-koppeling'.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError("No active user with that username.")
        _token, plain = api_token_create(actor=None, user=user, name=options["name"])
        self.stdout.write(plain)
