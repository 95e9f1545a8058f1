from django.apps import AppConfig


class HitsConfig(AppConfig):
    name = "signaalroute.hits"
    label = "hits"
    verbose_name = "Hit/no-hit index"
