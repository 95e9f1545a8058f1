from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "signaalroute.partners"
    label = "partners"

    def ready(self) -> None:
        from signaalroute.workflow.close_checks import register_care_coordinator_check

        from .care_coordinator import care_coordinator_contacted

        # Closing a signal with a possible victim asks why the care coordinator was not
        # involved, unless this says it was (a referral or an anonymous consultation).
        register_care_coordinator_check(care_coordinator_contacted)
