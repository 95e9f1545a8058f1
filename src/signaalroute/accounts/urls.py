from django.urls import path

from . import network_views, organisation_views, people_views, region_views, views

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
    path("beheer/mensen/", people_views.people, name="people"),
    path("beheer/mensen/<uuid:person_id>/", people_views.person, name="person"),
    path(
        "beheer/mensen/<uuid:person_id>/actief/", people_views.person_active, name="person-active"
    ),
    path(
        "beheer/mensen/<uuid:person_id>/rollen/<uuid:membership_id>/verwijderen/",
        people_views.membership_delete,
        name="membership-delete",
    ),
    path(
        "beheer/mensen/<uuid:person_id>/opnieuw-uitnodigen/",
        people_views.person_reinvite,
        name="person-reinvite",
    ),
    path("activeren/<str:token>/", people_views.activate, name="activate"),
    path("beheer/organisatie/", organisation_views.organisation, name="organisation"),
    path("beheer/regio/", region_views.region, name="region"),
    path(
        "beheer/regio/ketenpartners/<uuid:organisation_id>/",
        region_views.partner,
        name="region-partner",
    ),
    path(
        "beheer/organisatie/koppelingen/<uuid:mapping_id>/verwijderen/",
        organisation_views.mapping_delete,
        name="mapping-delete",
    ),
]
