from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "signaalroute.signals"
    label = "signals"
    verbose_name = "Signals"
