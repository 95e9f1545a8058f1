from django.urls import path

from . import retention_views, views

app_name = "privacy"

urlpatterns = [
    path("privacy/verwerkingsregister/", views.register, name="register"),
    path("privacy/verwerkingsregister/export.<str:kind>", views.export, name="register-export"),
    path("privacy/verwerkingsregister/<slug:code>/", views.processing, name="processing"),
    path("privacy/bewaartermijnen/", retention_views.retention, name="retention"),
    path(
        "privacy/bewaartermijnen/vernietigingen.csv",
        retention_views.records_export,
        name="records-export",
    ),
    path("privacy/blokkades/<uuid:hold_id>/opheffen/", retention_views.hold_lift, name="hold-lift"),
]
