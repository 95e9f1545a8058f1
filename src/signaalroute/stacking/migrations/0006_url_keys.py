"""Web addresses in traces are keyed by ``matching.normalise_identifiers.normalise_url`` now
(``kinky.nl/adv/123``) instead of folded text (``https www kinky nl adv 123``), so the same
advert written with or without ``https://www.`` meets. Re-key the traces that hold any."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from signaalroute.matching.normalise_identifiers import normalise_url


def _lines(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.replace(",", "\n").splitlines()
    return [str(v).strip() for v in value or () if str(v).strip()]


def rekey(apps: Any, schema_editor: Any) -> None:
    Trace = apps.get_model("stacking", "Trace")
    TraceKey = apps.get_model("stacking", "TraceKey")
    for trace in Trace.objects.filter(keys__key__startswith="id|url:").distinct().iterator():
        TraceKey.objects.filter(trace=trace, key__startswith="id|url:").delete()
        keys = set()
        for text in _lines((trace.record or {}).get("urls")):
            result = normalise_url(text)
            if result.value and result.flag == "":
                keys.add(f"id|url:{result.value}")
        TraceKey.objects.bulk_create(
            [TraceKey(trace=trace, municipality_id=trace.municipality_id, key=k) for k in keys]
        )


class Migration(migrations.Migration):
    dependencies = [("stacking", "0005_found_identifier")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
