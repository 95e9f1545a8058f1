from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "signaalroute.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"
