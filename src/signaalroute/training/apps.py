from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "signaalroute.training"
    label = "training"
    verbose_name = "Training"
