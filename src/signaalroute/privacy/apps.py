from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "signaalroute.privacy"
    label = "privacy"
    verbose_name = "Privacy"
