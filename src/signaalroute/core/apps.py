from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "signaalroute.core"
    label = "core"
