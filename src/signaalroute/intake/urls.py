from django.urls import path

from . import public_views, views, where_views

app_name = "intake"

urlpatterns = [
    path("signalen/nieuw/", views.internal_new, name="internal-new"),
    path("signalen/registreren/", views.register, name="register"),
    path("mijn-meldingen/", views.mine, name="mine"),
    path("mijn-meldingen/<uuid:signal_id>/", views.mine_detail, name="mine-detail"),
    path("adviesvraag/", views.advice_new, name="advice-new"),
    path("adviesvragen/", views.advice_list, name="advice-list"),
    path("adviesvragen/<uuid:advice_id>/", views.advice_detail, name="advice-detail"),
    path("bijlagen/<uuid:attachment_id>/", views.attachment_download, name="attachment"),
    path("melden/", public_views.public_form, name="public-form"),
    path(
        "melden/ontvangen/<uuid:submission_key>/",
        public_views.public_receipt,
        name="public-receipt",
    ),
    path("melden/status/", public_views.public_status, name="public-status"),
    path("en/report/", public_views.public_form_en, name="public-form-en"),
    path(
        "en/report/received/<uuid:submission_key>/",
        public_views.public_receipt_en,
        name="public-receipt-en",
    ),
    path("en/report/status/", public_views.public_status_en, name="public-status-en"),
    *(
        route
        for code in ("pl", "ro", "bg")
        for route in (
            path(
                f"{code}/report/",
                getattr(public_views, f"public_form_{code}"),
                name=f"public-form-{code}",
            ),
            path(
                f"{code}/report/received/<uuid:submission_key>/",
                getattr(public_views, f"public_receipt_{code}"),
                name=f"public-receipt-{code}",
            ),
            path(
                f"{code}/report/status/",
                getattr(public_views, f"public_status_{code}"),
                name=f"public-status-{code}",
            ),
        )
    ),
    path("waar-melden/<uuid:municipality_id>/", where_views.where, name="where"),
    path(
        "waar-melden/<uuid:municipality_id>/<str:language>/",
        where_views.where,
        name="where-language",
    ),
    path("waar-melden/<uuid:municipality_id>/folder.pdf", where_views.flyer, name="where-flyer"),
    path(
        "waar-melden/<uuid:municipality_id>/<str:language>/folder.pdf",
        where_views.flyer,
        name="where-flyer-language",
    ),
]
