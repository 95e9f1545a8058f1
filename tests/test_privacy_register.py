"""The processing register: every model is accounted for, the privacy officer completes it,
the auditor reads it, both export it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.apps import apps
from pypdf import PdfReader

from signaalroute.audit.models import AuditEntry
from signaalroute.privacy.models import ProcessingEntry
from signaalroute.privacy.register import product_register

pytestmark = pytest.mark.django_db


def test_every_model_is_in_a_processing_or_said_to_hold_no_personal_data() -> None:
    register = product_register()
    covered = {m for p in register["processings"] for m in p["models"]}
    exempt = set(register["not_personal"])
    ours = {m._meta.label for m in apps.get_models() if m.__module__.startswith("signaalroute.")}
    assert sorted(ours - covered - exempt) == [], "add the model to privacy/data/register.json"
    assert sorted((covered | exempt) - ours) == [], "the register names a model that is gone"
    assert not covered & exempt


def test_the_privacy_officer_completes_it_and_the_auditor_reads_it(
    personas: Any, client_for: Any
) -> None:
    pim = client_for("pim")
    page = pim.get("/privacy/verwerkingsregister/").content.decode()
    assert "Overdrachten aan ketenpartners" in page and "Aanvullen of corrigeren" in page
    form = pim.get("/privacy/verwerkingsregister/referrals/")
    assert form.status_code == 200
    values = {k: form.context["form"].fields[k].initial for k in form.context["form"].fields}
    values["retention"] = (
        "Vijf jaar na afsluiten van het signaal (besluit privacyfunctionaris 2026)."
    )
    assert pim.post("/privacy/verwerkingsregister/referrals/", values).status_code == 302
    entry = ProcessingEntry.objects.get(code="referrals")
    assert list(entry.values) == ["retention"]
    empty = pim.post("/privacy/verwerkingsregister/referrals/", {**values, "purpose": ""})
    assert empty.status_code == 400
    ida = client_for("ida")
    read = ida.get("/privacy/verwerkingsregister/").content.decode()
    assert "Vijf jaar na afsluiten" in read and "Aanvullen of corrigeren" not in read
    assert ida.post("/privacy/verwerkingsregister/referrals/", values).status_code == 403
    csv_text = ida.get("/privacy/verwerkingsregister/export.csv").content.decode()
    assert "Vijf jaar na afsluiten" in csv_text
    pdf = PdfReader(io.BytesIO(pim.get("/privacy/verwerkingsregister/export.pdf").content))
    assert "Verwerkingsregister" in (pdf.metadata.title or "")
    assert "Stapelen van signalen" in "\n".join(p.extract_text() for p in pdf.pages)
    assert AuditEntry.objects.filter(action="privacy.register_export").count() == 2
    assert client_for("gijs").get("/privacy/verwerkingsregister/").status_code == 403
    assert pim.get("/privacy/verwerkingsregister/onbekend/").status_code == 404
