from django.urls import path

from . import item_views, views

app_name = "meetings"

urlpatterns = [
    path("overleggen/", views.meeting_list, name="list"),
    path("overleggen/nieuw/", views.meeting_new, name="new"),
    path("overleggen/<uuid:meeting_id>/", views.meeting_detail, name="detail"),
    path("overleggen/<uuid:meeting_id>/wijzigen/", views.meeting_edit, name="edit"),
    path("overleggen/<uuid:meeting_id>/afdrukken/", views.meeting_print, name="print"),
    path("overleggen/<uuid:meeting_id>/pdf/", views.meeting_pdf, name="pdf"),
    path(
        "overleggen/<uuid:meeting_id>/agenda-voorstellen/",
        item_views.agenda_propose,
        name="propose",
    ),
    path("overleggen/<uuid:meeting_id>/punten/", item_views.item_add, name="item-add"),
    path(
        "overleggen/<uuid:meeting_id>/punten/<uuid:item_id>/verwijderen/",
        item_views.item_remove,
        name="item-remove",
    ),
    path(
        "overleggen/<uuid:meeting_id>/punten/<uuid:item_id>/besluit/",
        item_views.decision_new,
        name="decision",
    ),
    path("overleggen/acties/<uuid:action_id>/", item_views.action_done, name="action"),
    path("overleggen/stapel/<uuid:trace_id>/", item_views.stack_to_agenda, name="stack"),
]
