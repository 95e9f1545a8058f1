from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "signaalroute.demo"
    label = "demo"
    verbose_name = "Demo world"
