from django.urls import path

from . import coordinator_views, officer_views, settings_views, views

app_name = "workflow"

urlpatterns = [
    path("werkvoorraad/", officer_views.worklist, name="worklist"),
    path("werkvoorraad/afwezig/", officer_views.away, name="away"),
    path("signalen/<uuid:signal_id>/", views.detail, name="detail"),
    path("signalen/<uuid:signal_id>/stap/", views.transition, name="transition"),
    path("signalen/<uuid:signal_id>/notitie/", views.note, name="note"),
    path("signalen/<uuid:signal_id>/taak/", views.task, name="task"),
    path("signalen/<uuid:signal_id>/taak/<uuid:task_id>/klaar/", views.task_done, name="task-done"),
    path("signalen/<uuid:signal_id>/overleg/", views.agenda, name="agenda"),
    path("signalen/<uuid:signal_id>/waarover/", views.classify, name="classify"),
    path("signalen/<uuid:signal_id>/terugkoppeling/", views.feedback, name="feedback"),
    path("signalen/<uuid:signal_id>/melder/", views.reporter, name="reporter"),
    path("signalen/<uuid:signal_id>/toewijzing/", officer_views.assignment, name="assignment"),
    path("teamcoordinator/", coordinator_views.coordinator, name="coordinator"),
    path(
        "teamcoordinator/<uuid:signal_id>/",
        coordinator_views.coordinator_detail,
        name="coordinator-detail",
    ),
    path("beheer/meldroute/", settings_views.route_settings, name="settings"),
]
