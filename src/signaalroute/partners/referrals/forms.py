"""Forms for sending a referral (focal officer) and answering it (partner)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from signaalroute.accounts.models import Organisation
from signaalroute.partners.consents.forms import consent_choice_label
from signaalroute.partners.referrals.rules import FEEDBACK_KINDS
from signaalroute.partners.referrals.sharing import BASIS_LABELS, BASIS_PROOF, Basis


class _WithProof(forms.Form):
    """A form that asks the proof of every basis; each proof field says for which basis it is
    needed (never "optional")."""

    def __init__(
        self,
        *args: Any,
        proof_for: list[Basis] | None = None,
        consents: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._proof = {b: BASIS_PROOF[b] for b in (proof_for or list(Basis))}
        for basis, proof in self._proof.items():
            for key, label in proof.items():
                field: forms.Field
                if key == "consent":
                    # The recorded consents of the signal that have not been withdrawn.
                    field = forms.ChoiceField(
                        label=label,
                        required=False,
                        choices=[("", _("— choose a recorded consent —"))]
                        + [(str(c.pk), consent_choice_label(c)) for c in consents or []],
                        help_text=_(
                            "Record a consent on the signal page first (who, when, for what, "
                            "how). A withdrawn consent cannot be chosen."
                        ),
                    )
                else:
                    field = forms.CharField(label=label, required=False, max_length=500)
                field.needed_when = _("needed for: %(basis)s") % {  # type: ignore[union-attr]
                    "basis": BASIS_LABELS[basis]
                }
                self.fields[key] = field

    def proof_fields(self) -> list[forms.BoundField]:
        return [self[key] for proof in self._proof.values() for key in proof]

    def details(self) -> dict[str, str]:
        return {
            key: self.cleaned_data.get(key, "") for proof in self._proof.values() for key in proof
        }


class ReferralForm(_WithProof):
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=None, error_messages={"required": _("Choose the partner.")}
    )
    basis = forms.ChoiceField(
        label=_("Legal basis"),
        widget=forms.RadioSelect,
        choices=[(b.value, BASIS_LABELS[b]) for b in Basis],
        error_messages={"required": _("Choose the legal basis.")},
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What should the partner do with this, and why is it necessary? This text goes to "
            "the partner as it is: put no names or other personal data in it when the basis "
            "allows none (an anonymous consultation)."
        ),
        error_messages={
            "required": _("Describe the purpose: what should the partner do with this?")
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, partners: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class BasisChangeForm(_WithProof):
    """Share on another basis on an open referral: only the bases this partner can receive on."""

    basis = forms.ChoiceField(
        label=_("New legal basis"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the legal basis.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, bases: list[Basis], **kwargs: Any) -> None:
        super().__init__(*args, proof_for=bases, **kwargs)  # `consents` passes through
        self.fields["basis"].choices = [(b.value, BASIS_LABELS[b]) for b in bases]


class RevokeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stays with the municipality: the partner only sees that it was revoked."),
        error_messages={"required": _("Give the reason for revoking.")},
    )


class PartnerAnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    action = forms.ChoiceField(
        choices=[("accept", "accept"), ("decline", "decline"), ("feedback", "feedback")],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Reason for declining"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason.needed_when = _("needed to decline")
    kind = forms.ChoiceField(
        label=_("What was done"),
        required=False,
        choices=[("", "—"), *((k, v) for k, v in FEEDBACK_KINDS.items())],
    )
    text = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The focal officer reads this; the reporter does not."),
    )


class SenderActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DisclosureSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, address or other detail of the person concerned"),
        max_length=200,
        error_messages={"required": _("Enter what to search for.")},
    )
