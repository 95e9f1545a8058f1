"""Administration of people: invite, activate, roles, deactivate, reset the second step, and
the rules that keep one municipality's administrator out of another's people."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from signaalroute.accounts.models import ApiToken, Membership, Organisation, User
from signaalroute.accounts.people import invitation_accept
from signaalroute.audit.models import AuditEntry
from signaalroute.core.models import Notification
from tests.signals import soest

pytestmark = pytest.mark.django_db


def _front_desk() -> Organisation:
    return Organisation.objects.get(parent=soest(), name__endswith="Burgerzaken en KCC")


def _invite(henk: Client, **extra: str) -> Any:
    data = {
        "first_name": "Mira",
        "last_name": "Jansen",
        "email": "mira@soest.example",
        "organisation": str(_front_desk().pk),
        "role": "reporter",
        "domain": "",
    }
    return henk.post("/beheer/mensen/", {**data, **extra})


def test_henk_invites_a_new_colleague_who_activates_once(personas: Any, client_for: Any) -> None:
    henk = client_for("henk")
    assert _invite(henk).status_code == 302
    person = User.objects.get(email="mira@soest.example")
    assert not person.has_usable_password()
    notice = Notification.objects.get(kind="invitation")
    token = re.search(r"/activeren/([^/]+)/", notice.body).group(1)  # type: ignore[union-attr]
    visitor = Client()
    weak = visitor.post(f"/activeren/{token}/", {"password1": "kort", "password2": "kort"})
    assert weak.status_code == 400
    done = visitor.post(
        f"/activeren/{token}/",
        {"password1": "een lange zin als wachtwoord", "password2": "een lange zin als wachtwoord"},
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password("een lange zin als wachtwoord")
    again = visitor.get(f"/activeren/{token}/")
    assert again.status_code == 410 and "verlopen of al gebruikt" in again.content.decode()
    with pytest.raises(Exception):  # noqa: B017 - reused: refused, whatever the form
        invitation_accept(token=token, password="nog een lange zin hier")
    assert AuditEntry.objects.filter(action="accounts.person_invite").exists()
    assert "mira" not in str(AuditEntry.objects.get(action="accounts.person_invite").extra)


def test_an_existing_address_is_offered_not_doubled(personas: Any, client_for: Any) -> None:
    henk = client_for("henk")
    alice = personas["alice"]
    response = _invite(henk, email=alice.email)
    assert response.status_code == 400
    assert 'data-testid="existing"' in response.content.decode()
    assert User.objects.filter(email=alice.email).count() == 1


def test_rules_on_roles(personas: Any, client_for: Any) -> None:
    henk = client_for("henk")
    bad = _invite(henk, role="focal_officer")  # on a team: not allowed
    assert bad.status_code == 400 and not User.objects.filter(email="mira@soest.example").exists()
    zeist = Organisation.objects.get(name="Zeist")
    assert _invite(henk, organisation=str(zeist.pk)).status_code == 400
    assert henk.get(f"/beheer/mensen/{personas['karin'].pk}/").status_code == 404  # Zeist's
    own = Membership.objects.get(user=personas["henk"], role="functional_admin")
    refused = henk.post(f"/beheer/mensen/{personas['henk'].pk}/rollen/{own.pk}/verwijderen/")
    assert refused.status_code == 302 and Membership.objects.filter(pk=own.pk).exists()
    assert client_for("carla").get("/beheer/mensen/").status_code == 403


def test_deactivating_ends_sessions_and_tokens_and_a_reset_removes_the_device(
    personas: Any, client_for: Any
) -> None:
    henk = client_for("henk")
    alice_client = client_for("alice")
    alice = personas["alice"]
    ApiToken.objects.create(user=alice, name="x", prefix="abc123", secret_hash="0" * 64)
    assert alice_client.get("/").status_code == 200
    assert henk.post(f"/beheer/mensen/{alice.pk}/actief/", {"active": "0"}).status_code == 302
    alice.refresh_from_db()
    assert not alice.is_active
    assert ApiToken.objects.get(user=alice).revoked_at is not None
    assert alice_client.get("/").status_code == 302  # the session ended
    henk.post(f"/beheer/mensen/{alice.pk}/actief/", {"active": "1"})
    carla = personas["carla"]
    assert TOTPDevice.objects.filter(user=carla).exists()
    no_reason = henk.post(f"/beheer/mensen/{carla.pk}/", {"what": "reset", "reason": ""})
    assert no_reason.status_code == 400 and TOTPDevice.objects.filter(user=carla).exists()
    henk.post(f"/beheer/mensen/{carla.pk}/", {"what": "reset", "reason": "nieuwe telefoon"})
    assert not TOTPDevice.objects.filter(user=carla).exists()
    entry = AuditEntry.objects.get(action="accounts.second_factor_reset")
    assert entry.extra["reason"] == "nieuwe telefoon"


def test_teams_and_sign_on_groups_follow_the_same_rules(personas: Any, client_for: Any) -> None:
    from signaalroute.accounts.models import IdentityProviderGroupMapping
    from signaalroute.accounts.services import memberships_sync_from_groups

    henk = client_for("henk")
    assert (
        henk.post("/beheer/organisatie/", {"what": "team", "name": "Wijkteam Oost"}).status_code
        == 302
    )
    team = Organisation.objects.get(name="Soest — Wijkteam Oost")
    assert team.parent == soest() and team.kind == "team"
    twice = henk.post("/beheer/organisatie/", {"what": "team", "name": "wijkteam oost"})
    assert twice.status_code == 400
    refused = henk.post(
        "/beheer/organisatie/",
        {
            "what": "mapping",
            "group": "GG-Focal",
            "organisation": str(team.pk),
            "role": "focal_officer",
            "domain": "",
        },
    )
    assert refused.status_code == 400 and not IdentityProviderGroupMapping.objects.exists()
    done = henk.post(
        "/beheer/organisatie/",
        {
            "what": "mapping",
            "group": "GG-Melders",
            "organisation": str(team.pk),
            "role": "reporter",
            "domain": "",
        },
    )
    assert done.status_code == 302
    memberships_sync_from_groups(user=personas["otto"], groups=["GG-Melders"])
    assert Membership.objects.filter(
        user=personas["otto"], organisation=team, role="reporter"
    ).exists()
    mapping = IdentityProviderGroupMapping.objects.get()
    assert (
        client_for("karin")
        .post(f"/beheer/organisatie/koppelingen/{mapping.pk}/verwijderen/")
        .status_code
        == 403
    )
    assert (
        henk.post(f"/beheer/organisatie/koppelingen/{mapping.pk}/verwijderen/").status_code == 302
    )
    assert not IdentityProviderGroupMapping.objects.exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "accounts.team_add",
        "accounts.idp_mapping_add",
        "accounts.idp_mapping_remove",
    } <= actions


def test_an_administrator_cannot_reach_past_their_own_municipality(
    personas: Any, client_for: Any
) -> None:
    henk = client_for("henk")
    karin = personas["karin"]
    Membership.objects.create(user=karin, organisation=_front_desk(), role="reporter")
    page = henk.get(f"/beheer/mensen/{karin.pk}/").content.decode()
    assert 'data-testid="elsewhere"' in page  # works in Zeist too: not henk's to deactivate
    henk.post(f"/beheer/mensen/{karin.pk}/actief/", {"active": "0"})
    assert User.objects.get(pk=karin.pk).is_active
    henk.post(f"/beheer/mensen/{karin.pk}/", {"what": "reset", "reason": "x"})
    assert TOTPDevice.objects.filter(user=karin).exists()
    listing = henk.get("/beheer/mensen/").content.decode()
    assert "Zeist" not in listing.split('data-testid="table-people"')[1].split("</table>")[0]
    own = henk.post(
        f"/beheer/mensen/{personas['henk'].pk}/",
        {"what": "role", "organisation": str(soest().pk), "role": "focal_officer", "domain": ""},
    )
    assert own.status_code == 400  # nobody gives themselves a role
    assert not Membership.objects.filter(user=personas["henk"], role="focal_officer").exists()


def test_an_expired_invitation_can_be_sent_again(personas: Any, client_for: Any) -> None:
    from signaalroute.accounts.models import Invitation

    henk = client_for("henk")
    _invite(henk)
    person = User.objects.get(email="mira@soest.example")
    first = Invitation.objects.get(user=person)
    assert henk.post(f"/beheer/mensen/{person.pk}/opnieuw-uitnodigen/").status_code == 302
    first.refresh_from_db()
    assert first.used_at is not None  # the old link no longer works
    assert Invitation.objects.filter(user=person, used_at__isnull=True).count() == 1
