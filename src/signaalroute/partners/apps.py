from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "signaalroute.partners"
    label = "partners"
