"""Renders form widgets with NL Design System classes and the ARIA links to help and errors."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()

_CLASSES: list[tuple[type, str]] = [
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.RadioSelect, "utrecht-radio-button"),
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
    return field.as_widget(attrs=attrs)
