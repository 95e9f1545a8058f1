from django.urls import path, re_path

from . import report_views, views

app_name = "monitoring"

urlpatterns = [
    path("cijfers/", views.dashboard, name="dashboard"),
    re_path(r"^cijfers/export\.(?P<kind>csv|xlsx)$", views.export, name="export"),
    path("cijfers/jaarrapportages/", report_views.report_list, name="reports"),
    path("cijfers/jaarrapportages/<uuid:report_id>/", report_views.report_detail, name="report"),
    path(
        "cijfers/jaarrapportages/<uuid:report_id>/pdf/", report_views.report_pdf, name="report-pdf"
    ),
    path(
        "cijfers/jaarrapportages/<uuid:report_id>/vaststellen/",
        report_views.report_adopt,
        name="report-adopt",
    ),
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
