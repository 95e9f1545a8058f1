from django.apps import AppConfig


class LocationsConfig(AppConfig):
    name = "signaalroute.locations"
    label = "locations"
    verbose_name = "Risk locations"
