"""Propose a domain and owner for every signal that has none yet (seed 004 §5.1), as
`assignment_services.assignment_propose` does for new ones. The rule is written out here, so
this migration keeps working when the rule in `workflow.rules` changes later."""

from typing import Any

from django.db import migrations

CARE_ROLES = {"victim"}
SAFETY_ROLES = {"perpetrator"}
SAFETY_KINDS = {"address", "organisation", "vehicle", "online"}
OWNER_DOMAIN = {"safety": "safety", "care": "care", "both": "safety"}


def _domain(subjects: list[tuple[str, str]]) -> str:
    care = any(role in CARE_ROLES for _kind, role in subjects)
    safety = any(role in SAFETY_ROLES or kind in SAFETY_KINDS for kind, role in subjects)
    if care and not safety:
        return "care"
    if safety and not care:
        return "safety"
    return "both"


def propose(apps: Any, schema_editor: Any) -> None:
    Signal = apps.get_model("signals", "Signal")
    SignalSubject = apps.get_model("signals", "SignalSubject")
    SignalAssignment = apps.get_model("workflow", "SignalAssignment")
    Membership = apps.get_model("accounts", "Membership")
    officers: dict[Any, list[tuple[Any, str]]] = {}
    for m in Membership.objects.filter(role="focal_officer", user__is_active=True).order_by(
        "user__username"
    ):
        officers.setdefault(m.organisation_id, []).append((m.user_id, m.domain))
    subjects: dict[Any, list[tuple[str, str]]] = {}
    for signal_id, kind, role in SignalSubject.objects.values_list("signal_id", "kind", "role"):
        subjects.setdefault(signal_id, []).append((kind, role))
    made = []
    assigned = set(SignalAssignment.objects.values_list("signal_id", flat=True))
    for signal_id, municipality_id in Signal.objects.values_list("pk", "municipality_id"):
        if signal_id in assigned:
            continue
        domain = _domain(subjects.get(signal_id, []))
        here = officers.get(municipality_id, [])
        wanted = OWNER_DOMAIN[domain]
        choice = (
            [u for u, d in here if d == wanted]
            or [u for u, d in here if not d]
            or [u for u, _d in here]
        )
        owner = choice[0] if choice else None
        made.append(SignalAssignment(signal_id=signal_id, domain=domain, owner_id=owner))
    SignalAssignment.objects.bulk_create(made, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0004_assignment_absence")]

    operations = [migrations.RunPython(propose, migrations.RunPython.noop)]
