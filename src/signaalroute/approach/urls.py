from django.urls import path

from . import views

app_name = "approach"

urlpatterns = [
    path("aanpak/", views.case_list, name="list"),
    path("aanpak/nieuw/", views.case_new, name="new"),
    path("aanpak/<uuid:case_id>/", views.case_detail, name="detail"),
    path("aanpak/<uuid:case_id>/wijzigen/", views.case_edit, name="edit"),
    path("aanpak/<uuid:case_id>/interventie/", views.intervention_new, name="intervention-new"),
    path(
        "aanpak/<uuid:case_id>/interventie/<uuid:intervention_id>/",
        views.intervention_edit,
        name="intervention",
    ),
    path(
        "aanpak/<uuid:case_id>/interventie/<uuid:intervention_id>/bevinding/",
        views.finding_new,
        name="finding",
    ),
]
