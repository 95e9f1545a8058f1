"""Where to report (waar melden): a public page per municipality, in Dutch, English, Polish,
Romanian and Bulgarian (seed 004_0e82b480fca28818.txt §5.3.1: information for labour migrants in
those languages), naming 112, the public form, Meld Misdaad Anoniem, Veilig Thuis, the region's
care coordinator and the municipality's focal officers; a QR code to the form, a snippet for the
municipality's own website, and a printable flyer on rights and where to report.

The Polish, Romanian and Bulgarian texts are to be checked by a native speaker before production
(docs/configuration.md, "Languages")."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

import segno
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from signaalroute.accounts.models import Organisation, OrganisationKind
from signaalroute.accounts.network import focal_point_for
from signaalroute.core.pdf import render_typst
from signaalroute.partners.directory.models import PartnerProfile

from .flyer import FLYER_TEMPLATE, flyer_data
from .public_views import PUBLIC_LANGUAGES, public_route


def _municipality(municipality_id: uuid.UUID) -> Organisation:
    return get_object_or_404(Organisation, pk=municipality_id, kind=OrganisationKind.MUNICIPALITY)


def _language(language: str) -> str:
    if language not in PUBLIC_LANGUAGES:
        raise Http404
    return language


def where_context(
    request: HttpRequest, municipality: Organisation, language: str
) -> dict[str, Any]:
    base = settings.SIGNAALROUTE_BASE_URL.rstrip("/")
    form_path = reverse(public_route("form", language))
    form_url = base + form_path  # for the QR code, the snippet and the flyer: absolute
    point = focal_point_for(municipality)
    profiles = PartnerProfile.objects.filter(organisation__region_id=municipality.region_id)
    care = next(  # the region's care coordinator (zorgcoördinator), by its role in routing
        (
            p
            for p in profiles.select_related("organisation")
            if "care_coordinator" in (p.routing_roles or [])
        ),
        None,
    )
    page = base + reverse("intake:where", args=[municipality.pk])
    snippet = (
        f'<a href="{form_url}">'
        + _("Report human trafficking to the municipality of %(name)s")
        % {"name": municipality.name}
        + "</a>"
    )
    return {
        "municipality": municipality,
        "language": language,
        "languages": PUBLIC_LANGUAGES,
        "form_url": form_url,
        "form_path": form_path,
        "qr": segno.make(form_url, error="m").svg_data_uri(scale=4),
        "point": point,
        "care": care,
        "snippet": snippet,
        "page_url": page,
    }


@require_GET
def where(request: HttpRequest, municipality_id: uuid.UUID, language: str = "nl") -> HttpResponse:
    municipality = _municipality(municipality_id)
    language = _language(language)
    with translation.override(language):
        response = render(
            request, "intake/where.html", where_context(request, municipality, language)
        )
    response.headers["Content-Language"] = language
    return response


@require_GET
def flyer(request: HttpRequest, municipality_id: uuid.UUID, language: str = "nl") -> HttpResponse:
    municipality = _municipality(municipality_id)
    language = _language(language)
    with translation.override(language):
        data = flyer_data(where_context(request, municipality, language))
    # A public page: the same flyer is made once and kept (its data is the key), so repeated
    # requests cost no Typst run.
    key = "flyer-" + hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    pdf = cache.get(key)
    if not isinstance(pdf, bytes):
        pdf = render_typst(FLYER_TEMPLATE, data)
        cache.set(key, pdf, 3600)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mensenhandel-melden-{language}.pdf"'
    return response
