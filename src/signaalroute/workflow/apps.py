from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "signaalroute.workflow"
    label = "workflow"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from signaalroute.signals.models import SignalSubject

        from .assignment_services import subject_saved

        # A subject added or changed (at submit, or in stacking below the route) proposes the
        # signal's domain and owner again, unless a focal officer set them by hand.
        post_save.connect(subject_saved, sender=SignalSubject, dispatch_uid="workflow.assignment")
