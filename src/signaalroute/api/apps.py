from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "signaalroute.api"
    label = "api"

    def ready(self) -> None:
        from . import schema  # noqa: F401
