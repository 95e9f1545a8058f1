from django.urls import path

from . import card_views, views

app_name = "training"

urlpatterns = [
    path("training/", views.overview, name="overview"),
    path("training/registreren/", views.record, name="record"),
    path("training/doelgroepen/", views.targets, name="targets"),
    path("training/doelgroepen/<uuid:target_id>/", views.target_edit, name="target"),
    path("training/standaard/", views.load_defaults, name="defaults"),
    path("training/bewustwording/", views.awareness, name="calendar"),
    path("signaalkaarten/", card_views.cards, name="cards"),
    path("signaalkaarten/<slug:code>/", card_views.card, name="card"),
    path("signaalkaarten/<slug:code>/pdf/", card_views.card_pdf, name="card-pdf"),
]
