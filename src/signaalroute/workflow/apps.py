from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "signaalroute.workflow"
    label = "workflow"
