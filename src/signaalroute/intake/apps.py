from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "signaalroute.intake"
    label = "intake"
