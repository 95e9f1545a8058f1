from django.urls import path

from . import network_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", views.SignaalrouteLoginView.as_view(), name="login"),
    path("inloggen/verificatie/", views.otp_verify, name="otp-verify"),
    path("inloggen/verificatie-instellen/", views.otp_setup, name="otp-setup"),
    path("uitloggen/", views.logout, name="logout"),
    path("mijn-account/", views.profile, name="profile"),
    path("regio/aandachtsfunctionarissen/", network_views.network, name="network"),
    path("beheer/aanspreekpunt/", network_views.focal_point, name="focal-point"),
]
