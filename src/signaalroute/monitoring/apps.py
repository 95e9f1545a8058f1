from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MonitoringConfig(AppConfig):
    name = "signaalroute.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"

    def ready(self) -> None:
        # The upgrade that brought the kept counts fills them once (Django's pattern: a
        # relative import in ready()).
        from .quarter_counts import fill_after_migrate

        post_migrate.connect(fill_after_migrate, sender=self)
