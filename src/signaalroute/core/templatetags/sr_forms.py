"""Renders form widgets with NL Design System classes and the ARIA links to help and errors."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()

_CLASSES: list[tuple[type, str]] = [
    (forms.CheckboxInput, "sr-check"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.FileInput, "sr-file-input"),
    (forms.widgets.Input, "utrecht-textbox utrecht-textbox--html-input"),
]


@register.simple_tag
def field_widget(field: forms.BoundField) -> SafeString:
    widget = field.field.widget
    attrs: dict[str, str | bool] = {}
    for widget_type, css in _CLASSES:
        if isinstance(widget, widget_type):
            attrs["class"] = css + (" utrecht-textbox--invalid" if field.errors else "")
            break
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hulp")
    if field.errors:
        described.append(f"{field.auto_id}-fout")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    # aria-required instead of HTML `required`: the latter makes empty fields :invalid (red)
    # before anyone typed, and shows the browser's own bubbles instead of our Dutch messages.
    field.form.use_required_attribute = False
    if field.field.required:
        attrs["aria-required"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def widget_kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "default"


@register.simple_tag
def field_errors(form: forms.BaseForm) -> list[dict[str, object]]:
    """Each field error for the error summary, with the id it links to: the field's input, or
    a group's first option (a hidden field has nothing to link to)."""
    items: list[dict[str, object]] = []
    for field in form:
        kind = widget_kind(field)
        target = "" if kind == "hidden" else str(field.auto_id)
        if kind == "choices":
            target = f"{field.auto_id}_0"
        items += [{"label": field.label, "error": e, "target": target} for e in field.errors]
    return items


@register.simple_tag
def choice_groups(field: forms.BoundField) -> list[dict[str, object]]:
    """Options of a radio/checkbox group, with their groups (optgroups) kept."""
    widget = field.field.widget
    value = field.value()
    values = value if isinstance(value, list | tuple) else [value]
    groups = []
    index = 0
    for group_name, options, _group_index in widget.optgroups(
        field.html_name, [str(v) for v in values if v is not None]
    ):
        items = []
        for option in options:
            items.append(
                {
                    "id": f"{field.auto_id}_{index}",
                    "name": field.html_name,
                    "value": option["value"],
                    "label": option["label"],
                    "checked": option["selected"],
                    # CheckboxSelectMultiple is a subclass of RadioSelect: test it first.
                    "type": "checkbox"
                    if isinstance(widget, forms.CheckboxSelectMultiple)
                    else "radio",
                }
            )
            index += 1
        groups.append({"label": group_name, "options": items})
    return groups


@register.filter
def any_given(form: forms.BaseForm, names: str) -> bool:
    """Whether any of these fields (space-separated; a name ending in * is a prefix) holds
    something other than its initial value, or an error: a collapsed part of a form opens
    for them, so nothing typed or wrong is hidden."""
    wanted = names.split()
    for field in form:
        if not any(
            field.name.startswith(n[:-1]) if n.endswith("*") else field.name == n for n in wanted
        ):
            continue
        if field.errors:
            return True
        if not form.is_bound:
            continue
        value = field.value()
        initial = field.initial if field.initial is not None else ""
        if value not in (None, "", [], (), False) and value != initial:
            return True
    return False
