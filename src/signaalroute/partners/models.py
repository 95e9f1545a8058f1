"""Partners (ketenpartners): the directory, routing rules, referrals (overdrachten) with their
legal basis and the disclosure log.

Steps 4-5 of the meldroute (seed 002_f9bb08b28be3f2cb.txt annex 1); partner categories and the
data-sharing step plan (seed 004_0e82b480fca28818.txt §5.6.2).

The models live with their sub-domain (`directory`, `routing`, `referrals`); Django finds an
app's models in this module, so it gathers them. They all belong to the `partners` app.
"""

from .consents.models import Consent, ConsentHow
from .directory.models import PartnerContact, PartnerProfile
from .referrals.models import Disclosure, Referral, ReferralState
from .routing.models import RoutingRuleSet

__all__ = [
    "Consent",
    "ConsentHow",
    "Disclosure",
    "PartnerContact",
    "PartnerProfile",
    "Referral",
    "ReferralState",
    "RoutingRuleSet",
]
