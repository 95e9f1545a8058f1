from . import views
from .hit_views import hit_urlpatterns

app_name = "stacking"

urlpatterns = [
    # --- stacks, candidates, alerts, enrichment ---
    *views.stack_urlpatterns,
    # --- hit/no-hit ---
    *hit_urlpatterns,
]
