from django.urls import path, re_path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("cijfers/", views.dashboard, name="dashboard"),
    re_path(r"^cijfers/export\.(?P<kind>csv|xlsx)$", views.export, name="export"),
    path("beheer/referentiecijfers/", views.references, name="references"),
    path(
        "beheer/referentiecijfers/aanvullen/", views.references_prefill, name="references-prefill"
    ),
    path("beheer/referentiecijfers/<uuid:figure_id>/", views.reference_edit, name="reference-edit"),
    path(
        "beheer/referentiecijfers/<uuid:figure_id>/verwijderen/",
        views.reference_delete,
        name="reference-delete",
    ),
]
