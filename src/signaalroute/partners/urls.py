"""The partner URLs: referrals (overdrachten) and the partner portal, the directory, and the
routing rules; each sub-domain keeps its patterns beside its views."""

from signaalroute.partners.consents.views import consent_urlpatterns
from signaalroute.partners.directory.views import directory_urlpatterns
from signaalroute.partners.referrals.views import referral_urlpatterns
from signaalroute.partners.routing.views import routing_urlpatterns

app_name = "partners"

urlpatterns = [
    *referral_urlpatterns,
    *consent_urlpatterns,
    *directory_urlpatterns,
    *routing_urlpatterns,
]
