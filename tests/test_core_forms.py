"""The one place where a service's refusal lands on a form (core.forms)."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError

from signaalroute.core.forms import call_service, form_status
from signaalroute.core.problems import EditConflict


class NameForm(forms.Form):
    name = forms.CharField()


def _bound() -> NameForm:
    form = NameForm({"name": "Alice"})
    assert form.is_valid()
    return form


def test_a_field_error_lands_on_its_field_and_an_unknown_one_on_the_form() -> None:
    def refuse(**kwargs: object) -> None:
        raise ValidationError({"name": "Te kort.", "elsewhere": "Iets anders."})

    form = _bound()
    done = call_service(form, refuse, text="x")
    assert not done.ok and done.status == 400 and done.message == ""
    assert form.errors["name"] == ["Te kort."]
    assert form.non_field_errors() == ["Iets anders."]
    with pytest.raises(RuntimeError):
        _ = done.value


def test_a_domain_error_becomes_a_message_at_the_top_with_its_status() -> None:
    def conflict() -> None:
        raise EditConflict()

    form = _bound()
    done = call_service(form, conflict)
    assert not done.ok and done.status == 409
    assert done.message == str(EditConflict().message)
    assert form.non_field_errors() == [done.message]


def test_success_gives_the_services_value_and_leaves_the_form_alone() -> None:
    form = _bound()
    done = call_service(form, lambda *, n: n + 1, n=41)
    assert done.ok and done.value == 42 and not form.errors


def test_other_exceptions_are_not_swallowed() -> None:
    def broken() -> None:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        call_service(_bound(), broken)


def test_a_form_page_answers_400_only_for_a_sent_form_with_errors() -> None:
    class Name(forms.Form):
        name = forms.CharField()

    assert form_status(Name()) == 200
    sent_wrong = Name({})
    sent_wrong.is_valid()
    assert form_status(sent_wrong) == 400
    sent_right = Name({"name": "Soest"})
    assert sent_right.is_valid() and form_status(sent_right) == 200
