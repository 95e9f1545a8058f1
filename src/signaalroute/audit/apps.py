from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "signaalroute.audit"
    label = "audit"
