from django.urls import path

from . import group_views, plan_views, report_views, views

app_name = "monitoring"

urlpatterns = [
    path("cijfers/", views.dashboard, name="dashboard"),
    path("cijfers/export.<str:kind>", views.export, name="export"),
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
    path("uitvoeringsplan/", plan_views.plans, name="plans"),
    path("uitvoeringsplan/<uuid:plan_id>/", plan_views.plan_detail, name="plan"),
    path("uitvoeringsplan/actie/<uuid:action_id>/", plan_views.action_edit, name="action"),
    path("beleid/", plan_views.policies, name="policies"),
    path("beleid/<uuid:document_id>/evaluatie/", plan_views.policy_evaluation, name="evaluation"),
    path("beheer/regio/groepen/", group_views.groups, name="groups"),
    path(
        "beheer/regio/groepen/<uuid:group_id>/verwijderen/",
        group_views.group_delete,
        name="group-delete",
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
