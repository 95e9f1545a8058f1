from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("training/", views.overview, name="overview"),
    path("training/registreren/", views.record, name="record"),
    path("training/doelgroepen/", views.targets, name="targets"),
    path("training/doelgroepen/<uuid:target_id>/", views.target_edit, name="target"),
    path("training/standaard/", views.load_defaults, name="defaults"),
    path("training/bewustwording/", views.awareness, name="calendar"),
]
