from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "signaalroute.oversight"
    label = "oversight"
    verbose_name = "Oversight"
