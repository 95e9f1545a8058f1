from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "signaalroute.meetings"
    label = "meetings"
    verbose_name = "Meetings"
