from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter(trailing_slash=False, use_regex_path=False)
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("audit-entries", views.AuditEntryViewSet, basename="auditentry")
router.register("referrals", views.ReferralViewSet, basename="referral")

urlpatterns = [
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("me", views.MeView.as_view(), name="me"),
    *router.urls,
]
