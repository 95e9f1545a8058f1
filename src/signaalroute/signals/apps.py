from django.apps import AppConfig

from . import hooks  # noqa: F401  (connects the subject-saved hook by the model's label)


class SignalsConfig(AppConfig):
    name = "signaalroute.signals"
    label = "signals"
    verbose_name = "Signals"
