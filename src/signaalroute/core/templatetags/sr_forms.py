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
