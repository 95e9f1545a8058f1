from . import views

app_name = "stacking"

urlpatterns = [
    # --- stacks, candidates, alerts, enrichment ---
    *views.stack_urlpatterns,
]
