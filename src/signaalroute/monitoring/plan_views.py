"""Pages of the action plan (policy officer, focal officer, functional administrator) and the
policy documents with their evaluation."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from signaalroute.accounts.models import Organisation
from signaalroute.accounts.requests import AuthenticatedRequest
from signaalroute.accounts.rules import Permission
from signaalroute.accounts.selectors import acting_municipality
from signaalroute.core.forms import call_service

from .models import ActionOwner, ActionPlan, PlanAction, PolicyDocument
from .plan_forms import ActionForm, EvaluationForm, ImportForm, OwnerForm, PlanForm, PolicyForm
from .plan_import import ImportRefused
from .plan_services import (
    action_save,
    owner_add,
    plan_create,
    plan_import,
    plan_municipalities,
    plan_progress,
    plans_for,
    policy_add,
    policy_evaluate,
)


def _municipality(request: AuthenticatedRequest) -> Organisation:
    found = acting_municipality(request.user, Permission.KEEP_ACTION_PLAN)
    if found is None:
        raise Http404
    return found


@never_cache
@require_http_methods(["GET", "POST"])
def plans(request: AuthenticatedRequest) -> HttpResponse:
    municipality = _municipality(request)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            plan_create,
            actor=request.user,
            municipality=municipality,
            title=data["title"],
            first_year=data["first_year"],
            last_year=data["last_year"],
            pillars=data["pillars"].splitlines(),
        )
        if done.ok and done.value is not None:
            messages.success(request, _("Action plan made."))
            return redirect("monitoring:plan", plan_id=done.value.pk)
    status = 400 if request.method == "POST" else 200
    context = {"plans": plans_for(request.user), "form": form, "municipality": municipality}
    return render(request, "monitoring/plans.html", context, status=status)


def _plan_context(
    request: AuthenticatedRequest, plan: ActionPlan, **forms: object
) -> dict[str, object]:
    owners = ActionOwner.objects.filter(municipality=plan.municipality)
    pillars = [(str(p.pk), p.name) for p in plan.pillars.all()]
    return {
        "plan": plan,
        "progress": plan_progress(plan),
        "pillars": plan.pillars.prefetch_related("actions__owners"),
        "owners": owners,
        "action_form": forms.get("action_form") or ActionForm(owners=owners, pillars=pillars),
        "import_form": forms.get("import_form") or ImportForm(),
        "owner_form": forms.get("owner_form") or OwnerForm(),
        "import_errors": forms.get("import_errors") or [],
    }


@never_cache
@require_http_methods(["GET", "POST"])
def plan_detail(request: AuthenticatedRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = get_object_or_404(plans_for(request.user), pk=plan_id)
    if request.method == "GET":
        return render(request, "monitoring/plan.html", _plan_context(request, plan))
    what = request.POST.get("what")
    if what == "owner":
        owner_form = OwnerForm(request.POST)
        if owner_form.is_valid():
            done = call_service(
                owner_form,
                owner_add,
                actor=request.user,
                municipality=plan.municipality,
                **owner_form.cleaned_data,
            )
            if done.ok:
                messages.success(request, _("Owner added."))
                return redirect("monitoring:plan", plan_id=plan.pk)
        context = _plan_context(request, plan, owner_form=owner_form)
    elif what == "import":
        import_form = ImportForm(request.POST, request.FILES)
        errors = []
        if import_form.is_valid():
            upload = import_form.cleaned_data["file"]
            try:
                added = plan_import(
                    actor=request.user, plan=plan, name=upload.name, content=upload.read()
                )
            except ImportRefused as refused:
                errors = refused.errors
            else:
                messages.success(request, _("%(n)s actions imported.") % {"n": added})
                return redirect("monitoring:plan", plan_id=plan.pk)
        context = _plan_context(request, plan, import_form=import_form, import_errors=errors)
    else:
        owners = ActionOwner.objects.filter(municipality=plan.municipality)
        pillars = [(str(p.pk), p.name) for p in plan.pillars.all()]
        form = ActionForm(request.POST, owners=owners, pillars=pillars)
        if form.is_valid():
            data = form.cleaned_data
            saved = call_service(
                form,
                action_save,
                actor=request.user,
                pillar=plan.pillars.get(pk=data["pillar"]),
                action=None,
                description=data["description"],
                planning=data["planning"],
                owners=list(data["owners"]),
                status=data["status"],
                evidence=data["evidence"],
            )
            if saved.ok:
                messages.success(request, _("Action added."))
                return redirect("monitoring:plan", plan_id=plan.pk)
        context = _plan_context(request, plan, action_form=form)
    messages.error(request, _("Nothing was saved. Check the form marked below."))
    return render(request, "monitoring/plan.html", context, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def action_edit(request: AuthenticatedRequest, action_id: uuid.UUID) -> HttpResponse:
    action = get_object_or_404(
        PlanAction.objects.filter(pillar__plan__in=plans_for(request.user)).select_related(
            "pillar__plan"
        ),
        pk=action_id,
    )
    plan = action.pillar.plan
    owners = ActionOwner.objects.filter(municipality=plan.municipality)
    pillars = [(str(p.pk), p.name) for p in plan.pillars.all()]
    form = ActionForm(
        request.POST or None, owners=owners, pillars=pillars, initial=ActionForm.initial_for(action)
    )
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            action_save,
            actor=request.user,
            pillar=plan.pillars.get(pk=data["pillar"]),
            action=action,
            description=data["description"],
            planning=data["planning"],
            owners=list(data["owners"]),
            status=data["status"],
            evidence=data["evidence"],
            expected_version=data["version"],
        )
        if done.ok:
            messages.success(request, _("Action saved."))
            return redirect("monitoring:plan", plan_id=plan.pk)
        status = done.status
    return render(
        request,
        "monitoring/action.html",
        {"form": form, "action": action, "plan": plan},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def policies(request: AuthenticatedRequest) -> HttpResponse:
    municipality = _municipality(request)
    form = PolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, policy_add, actor=request.user, municipality=municipality, **form.cleaned_data
        )
        if done.ok:
            messages.success(request, _("Policy document added."))
            return redirect("monitoring:policies")
    status = 400 if request.method == "POST" else 200
    documents = PolicyDocument.objects.filter(municipality__in=plan_municipalities(request.user))
    context = {"documents": documents, "form": form, "municipality": municipality}
    return render(request, "monitoring/policies.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def policy_evaluation(request: AuthenticatedRequest, document_id: uuid.UUID) -> HttpResponse:
    document = get_object_or_404(
        PolicyDocument.objects.filter(municipality__in=plan_municipalities(request.user)),
        pk=document_id,
    )
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            policy_evaluate,
            actor=request.user,
            document=document,
            evaluated_on=form.cleaned_data["evaluated_on"],
            outcome=form.cleaned_data["outcome"],
        )
        if done.ok:
            messages.success(request, _("Evaluation recorded."))
            return redirect("monitoring:policies")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "monitoring/evaluation.html", {"form": form, "document": document}, status=status
    )
