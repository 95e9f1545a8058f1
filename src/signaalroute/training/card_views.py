"""Signal cards for every employee: the list, one card as a page, and as an A4 PDF."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import override
from django.views.decorators.http import require_GET

from signaalroute.accounts.models import Organisation
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import acting_municipality
from signaalroute.core.pdf import render_typst

from .cards import DATA, card_data, card_group, card_groups


def _municipality(request: AuthenticatedRequest) -> Organisation:
    found = acting_municipality(request.user, Permission.SUBMIT_SIGNAL)
    if found is None:
        raise Http404
    return found


@require_GET
def cards(request: AuthenticatedRequest) -> HttpResponse:
    _municipality(request)
    return render(request, "training/cards.html", {"groups": card_groups()})


@require_GET
def card(request: AuthenticatedRequest, code: str) -> HttpResponse:
    group = card_group(code)
    if group is None:
        raise Http404
    with override("nl"):
        data = card_data(group, _municipality(request))
    return render(request, "training/card.html", {"card": data, "group": group})


@require_GET
def card_pdf(request: AuthenticatedRequest, code: str) -> HttpResponse:
    group = card_group(code)
    if group is None:
        raise Http404
    with override("nl"):
        data = card_data(group, _municipality(request))
    response = HttpResponse(
        render_typst(DATA / "signal-card.typ", data), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="signaalkaart-{group.code}.pdf"'
    return response
