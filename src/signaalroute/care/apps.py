from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "signaalroute.care"
    label = "care"
    verbose_name = "Care"
