from django.urls import include, path

from signaalroute.accounts import oidc
from signaalroute.core import views as core_views

urlpatterns = [
    path("", include("signaalroute.core.urls")),
    path("", include("signaalroute.accounts.urls")),
    path("auditlog/", include("signaalroute.oversight.urls")),
    path("", include("signaalroute.intake.urls")),
    path("", include("signaalroute.workflow.urls")),
    path("", include("signaalroute.partners.urls")),
    path("", include("signaalroute.stacking.urls")),
    path("", include("signaalroute.hits.urls")),
    path("", include("signaalroute.monitoring.urls")),
    path("", include("signaalroute.training.urls")),
    path("", include("signaalroute.locations.urls")),
    path("", include("signaalroute.care.urls")),
    path("", include("signaalroute.approach.urls")),
    path("", include("signaalroute.meetings.urls")),
    path("", include("signaalroute.privacy.urls")),
    path("api/v1/", include("signaalroute.api.urls")),
    # Single sign-on; both answer 404 while OIDC is not configured.
    path("oidc/authenticate/", oidc.authentication_init, name="oidc_authentication_init"),
    path("oidc/callback/", oidc.authentication_callback, name="oidc_authentication_callback"),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
