from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "signaalroute.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Imported here, not at module level: models are not loaded before ready().
        from signaalroute.audit.services import actor_describer_set

        from . import signals  # noqa: F401
        from .selectors import actor_snapshot

        actor_describer_set(actor_snapshot)
