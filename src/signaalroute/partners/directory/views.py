"""The partner directory (ketenpartners per regio): list and detail for every employee of the
region; edit, contacts and CSV import for functional administrators; CSV export for all.

Reads go through the selectors and writes through the services of partners/directory.py, which
scope by the user and audit every write.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from signaalroute.accounts.models import Organisation
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.core.forms import call_service
from signaalroute.core.problems import DomainError
from signaalroute.partners.directory.exchange import directory_export_csv
from signaalroute.partners.directory.forms import (
    DirectoryImportForm,
    DirectorySearchForm,
    PartnerContactForm,
    PartnerProfileForm,
)
from signaalroute.partners.directory.importing import directory_import_csv
from signaalroute.partners.directory.models import PartnerContact
from signaalroute.partners.directory.selectors import (
    directory_search,
    form_labels,
    may_edit,
    partners_editable_by,
    partners_visible_to,
    profile_of,
)
from signaalroute.partners.directory.services import (
    partner_contact_add,
    partner_contact_remove,
    partner_profile_update,
)
from signaalroute.partners.referrals.sharing import (
    PROFILE_LABELS,
    sharing_profile_of,
    table_rows,
)
from signaalroute.partners.routing.rules import ROLE_LABELS

EXPORT_FILENAME = "ketenpartners.csv"


def _visible_partner(request: AuthenticatedRequest, pk: uuid.UUID) -> Organisation:
    try:
        return partners_visible_to(request.user).get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None


def _editable_partner(request: AuthenticatedRequest, pk: uuid.UUID) -> Organisation:
    try:
        return partners_editable_by(request.user).get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None


def _entry(partner: Organisation) -> dict[str, Any]:
    profile = profile_of(partner)
    return {"partner": partner, "profile": profile, "forms": form_labels(profile)}


def _error_page(request: AuthenticatedRequest, error: DomainError) -> HttpResponse:
    context = {"status": error.status, "title": _("No access"), "detail": str(error.message)}
    return render(request, "core/error.html", context, status=error.status)


# --- Reading: every employee of the region ------------------------------------------------------


@never_cache
@require_GET
def directory_list(request: AuthenticatedRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET)
    status = 200
    entries: list[dict[str, Any]] = []
    if form.is_valid():
        data = form.cleaned_data
        partners = directory_search(
            request.user, q=data["q"], category=data["categorie"], form=data["vorm"]
        )
        entries = [_entry(partner) for partner in partners]
    else:
        status = 400
    context = {
        "form": form,
        "entries": entries,
        "searched": any(request.GET.get(name) for name in form.fields),
        "may_import": partners_editable_by(request.user).exists(),
    }
    return render(request, "partners/directory_list.html", context, status=status)


@never_cache
@require_GET
def directory_detail(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    partner = _visible_partner(request, pk)
    entry = _entry(partner)
    context = {
        **entry,
        "routing_roles": [
            ROLE_LABELS.get(code, code) for code in entry["profile"].routing_roles or []
        ],
        "contacts": partner.partner_contacts.all(),
        "may_edit": may_edit(request.user, partner),
        "sharing_rows": table_rows([sharing_profile_of(partner)]),
        "sharing_profile": PROFILE_LABELS.get(sharing_profile_of(partner), ""),
    }
    return render(request, "partners/directory_detail.html", context)


@never_cache
@require_GET
def sharing_table(request: AuthenticatedRequest) -> HttpResponse:
    """The sharing table, row by row with its reason: what may go to whom on which basis."""
    return render(request, "partners/sharing_table.html", {"rows": table_rows()})


@never_cache
@require_GET
def directory_export(request: AuthenticatedRequest) -> HttpResponse:
    # With a BOM, so spreadsheet programs read the file as UTF-8 (é, ë, —).
    response = HttpResponse(
        "\ufeff" + directory_export_csv(request.user), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
    response["Cache-Control"] = "no-store"
    return response


# --- Editing: functional administrators ---------------------------------------------------------


def _edit_page(
    request: AuthenticatedRequest,
    partner: Organisation,
    *,
    form: PartnerProfileForm | None = None,
    contact_form: PartnerContactForm | None = None,
    status: int = 200,
) -> HttpResponse:
    profile = profile_of(partner)
    context = {
        "partner": partner,
        "profile": profile,
        "form": form or PartnerProfileForm(initial=PartnerProfileForm.initial_for(profile)),
        "contact_form": contact_form or PartnerContactForm(),
        "contacts": partner.partner_contacts.all(),
    }
    return render(request, "partners/directory_edit.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def directory_edit(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    partner = _editable_partner(request, pk)
    if request.method == "GET":
        return _edit_page(request, partner)
    form = PartnerProfileForm(request.POST)
    status = 400
    if form.is_valid():
        done = call_service(
            form,
            partner_profile_update,
            actor=request.user,
            organisation=partner,
            **form.cleaned_data,
        )
        if done.ok:
            messages.success(
                request,
                _("The directory entry of %(name)s has been saved.") % {"name": partner.name},
            )
            return redirect("partners:directory-detail", pk=partner.pk)
        status = done.status
    return _edit_page(request, partner, form=form, status=status)


@never_cache
@require_POST
def directory_contact_add(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    partner = _editable_partner(request, pk)
    form = PartnerContactForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            partner_contact_add,
            actor=request.user,
            organisation=partner,
            name=data["name"],
            role=data["role"],
            email=data["email"],
            phone=data["phone"],
        )
        if done.ok:
            contact = done.value
            messages.success(
                request,
                _("Contact %(name)s added to %(partner)s.")
                % {"name": contact.name, "partner": partner.name},
            )
            return redirect(reverse("partners:directory-edit", args=[partner.pk]) + "#contacten")
        status = done.status
    return _edit_page(request, partner, contact_form=form, status=status)


@never_cache
@require_POST
def directory_contact_remove(request: AuthenticatedRequest, pk: uuid.UUID) -> HttpResponse:
    try:
        contact = PartnerContact.objects.select_related("organisation").get(
            pk=pk, organisation__in=partners_editable_by(request.user)
        )
    except PartnerContact.DoesNotExist:
        raise Http404 from None
    partner = contact.organisation
    try:
        partner_contact_remove(actor=request.user, contact=contact)
    except DomainError as error:
        return _error_page(request, error)
    messages.success(
        request,
        _("Contact %(name)s removed from %(partner)s.")
        % {"name": contact.name, "partner": partner.name},
    )
    return redirect(reverse("partners:directory-edit", args=[partner.pk]) + "#contacten")


@never_cache
@require_http_methods(["GET", "POST"])
def directory_import(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "GET":
        context: dict[str, Any] = {"form": DirectoryImportForm(), "result": None}
        return render(request, "partners/directory_import.html", context)
    form = DirectoryImportForm(request.POST, request.FILES)
    context = {"form": form, "result": None}
    if not form.is_valid():
        return render(request, "partners/directory_import.html", context, status=400)
    try:
        result = directory_import_csv(
            actor=request.user,
            region_orgs_queryset=partners_editable_by(request.user),
            file_text=form.cleaned_data["file"],
        )
    except DomainError as error:
        form.add_error(None, str(error.message))
        return render(request, "partners/directory_import.html", context, status=error.status)
    if not result.ok:
        context["result"] = result
        return render(request, "partners/directory_import.html", context, status=400)
    if result.changed:
        messages.success(
            request,
            _(
                "Import done: %(profiles)s directory entries changed, %(added)s contacts added, "
                "%(updated)s contacts changed."
            )
            % {
                "profiles": result.profiles_updated,
                "added": result.contacts_added,
                "updated": result.contacts_updated,
            },
        )
    else:
        messages.info(request, _("Import done: the file changed nothing."))
    return redirect("partners:directory")


directory_urlpatterns = [
    path("ketenpartners/", directory_list, name="directory"),
    path("ketenpartners/deelregels/", sharing_table, name="sharing-table"),
    path("ketenpartners/<uuid:pk>/", directory_detail, name="directory-detail"),
    path("ketenpartners/<uuid:pk>/bewerken/", directory_edit, name="directory-edit"),
    path(
        "ketenpartners/<uuid:pk>/contactpersonen/",
        directory_contact_add,
        name="directory-contact-add",
    ),
    path(
        "ketenpartners/contactpersonen/<uuid:pk>/verwijderen/",
        directory_contact_remove,
        name="directory-contact-remove",
    ),
    path("ketenpartners/export.csv", directory_export, name="directory-export"),
    path("ketenpartners/import/", directory_import, name="directory-import"),
]
