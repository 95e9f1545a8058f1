from django.urls import path

from . import views

app_name = "hits"

urlpatterns = [
    # The path stayed where it was when the check lived in stacking (bookmarks keep working).
    path("stapels/regiocheck/", views.hit_check, name="check"),
]
