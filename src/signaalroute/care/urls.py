from django.urls import path

from . import place_views, views

app_name = "care"

urlpatterns = [
    path("zorg/", views.trajectory_list, name="list"),
    path("zorg/openen/<uuid:signal_id>/", views.trajectory_open, name="open"),
    path(
        "zorg/uit-overdracht/<uuid:referral_id>/",
        views.trajectory_open_from_referral,
        name="open-from-referral",
    ),
    path("zorg/trajecten/<uuid:trajectory_id>/", views.trajectory_detail, name="detail"),
    path("zorg/trajecten/<uuid:trajectory_id>/wijzigen/", views.trajectory_edit, name="edit"),
    path("zorg/trajecten/<uuid:trajectory_id>/opvang/", views.placement_new, name="placement"),
    path(
        "zorg/trajecten/<uuid:trajectory_id>/opvang/<uuid:placement_id>/",
        views.placement_edit,
        name="placement-edit",
    ),
    path("zorg/trajecten/<uuid:trajectory_id>/toestemming/", views.consent_new, name="consent"),
    path(
        "zorg/trajecten/<uuid:trajectory_id>/toestemming/<uuid:consent_id>/intrekken/",
        views.consent_withdraw,
        name="consent-withdraw",
    ),
    path("zorg/trajecten/<uuid:trajectory_id>/overdragen/", views.handover_new, name="handover"),
    path("zorg/overdrachten/", views.trajectory_list, name="handovers"),
    path("zorg/overdrachten/<uuid:handover_id>/", views.handover_answer, name="handover-answer"),
    path("zorg/opvangplekken/", place_views.shelter_places, name="shelter-places"),
    path(
        "zorg/opvangplekken/<uuid:place_id>/",
        place_views.shelter_place_edit,
        name="shelter-place-edit",
    ),
]
