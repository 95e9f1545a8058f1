from django.urls import path

from . import request_views, retention_views, views

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
    path("privacy/verzoeken/", request_views.request_list, name="requests"),
    path("privacy/verzoeken/nieuw/", request_views.request_new, name="request-new"),
    path("privacy/verzoeken/<uuid:pk>/", request_views.request_detail, name="request"),
    path("privacy/verzoeken/<uuid:pk>/actie/", request_views.request_action, name="request-action"),
    path("privacy/verzoeken/<uuid:pk>/inzage/", request_views.access_page, name="request-access"),
    path(
        "privacy/verzoeken/<uuid:pk>/inzage.csv",
        request_views.access_csv,
        name="request-access-csv",
    ),
    path(
        "privacy/verzoeken/<uuid:pk>/inzage.pdf",
        request_views.access_pdf,
        name="request-access-pdf",
    ),
]
