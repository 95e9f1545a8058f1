from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    # --- referrals (overdrachten) and the partner portal ---
    *views.referral_urlpatterns,
    # --- directory ---
    # --- routing rules ---
]
