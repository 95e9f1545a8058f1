from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "signaalroute.api"
    label = "api"

    def ready(self) -> None:
        # Registers the OpenAPI extension for our authentication class; it imports DRF and our
        # models, which must not happen before the app registry is ready (hence here).
        from . import schema  # noqa: F401
