from . import views

app_name = "partners"

urlpatterns = [
    # --- referrals (overdrachten) and the partner portal ---
    *views.referral_urlpatterns,
    # --- directory ---
    *views.directory_urlpatterns,
    # --- routing rules ---
    *views.routing_urlpatterns,
]
