from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/verwerkingsregister/", views.register, name="register"),
    path("privacy/verwerkingsregister/export.<str:kind>", views.export, name="register-export"),
    path("privacy/verwerkingsregister/<slug:code>/", views.processing, name="processing"),
]
