from django.urls import path

from . import views

app_name = "locations"

urlpatterns = [
    path("risicolocaties/", views.register_list, name="list"),
    path("risicolocaties/kaart/", views.register_map, name="map"),
    path("risicolocaties/nieuw/", views.location_new, name="new"),
    path("risicolocaties/<uuid:location_id>/", views.location_detail, name="detail"),
    path("risicolocaties/<uuid:location_id>/wijzigen/", views.location_edit, name="edit"),
    path("risicolocaties/controles/<uuid:schedule_id>/", views.schedule_edit, name="schedule"),
    path(
        "risicolocaties/controles/<uuid:schedule_id>/uitgevoerd/",
        views.control_done,
        name="control-done",
    ),
]
