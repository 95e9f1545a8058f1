from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "signaalroute.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Connects the login/logout receivers (Django's pattern: only once the models are ready).
        from . import signals  # noqa: F401
