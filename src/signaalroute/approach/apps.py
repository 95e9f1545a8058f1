from django.apps import AppConfig


class ApproachConfig(AppConfig):
    name = "signaalroute.approach"
    label = "approach"
    verbose_name = "Approach"
