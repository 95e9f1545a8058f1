"""The regional hit/no-hit index (hit/no-hit): keyed hashes of identifiers, per municipality.

`HitEntry` is what is exchanged between installations and answers the question; it holds
nothing that leads to a record. `HitSource` is local bookkeeping that is never exported: which
signal's traces publish which digest, so a change to one signal updates only its own digests
(an entry goes when no signal of its municipality publishes it any more).

`HitEntry` kept the table it had when it lived in `stacking` (`db_table`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class HitKind(models.TextChoices):
    PHONE = "phone", _("Telephone number")
    EMAIL = "email", _("E-mail address")
    KVK = "kvk", _("KvK number")
    ADDRESS = "address", _("Postcode and house number")
    NAME_DOB = "name_dob", _("Name and date of birth")


class HitOrigin(models.TextChoices):
    LOCAL = "local", _("This installation")
    IMPORT = "import", _("Imported")


class HitEntry(models.Model):
    """One keyed hash in the regional hit/no-hit index: "municipality X knows this identifier".

    ``digest`` is HMAC-SHA256 (regional key ``key_id``) over ``"<kind>:<normalised value>"``.
    Deliberately nothing that leads to a record: no signal, no trace. Local entries follow their
    sources (`HitSource`) and are rebuilt per municipality by the nightly `hit_index_rebuild`; imported ones (``municipality`` empty) come from the export of
    another installation and are replaced per municipality name.
    """

    region = models.ForeignKey("accounts.Region", on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    municipality_name = models.CharField(max_length=200)
    key_id = models.CharField(max_length=40)
    digest = models.CharField(max_length=64)
    kind = models.CharField(max_length=10, choices=HitKind.choices)
    origin = models.CharField(max_length=10, choices=HitOrigin.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "stacking_hitentry"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "municipality_name", "key_id", "digest"],
                name="hitentry_unique",
            ),
        ]
        indexes = [models.Index(fields=["region", "key_id", "digest"], name="hitentry_lookup")]

    def __str__(self) -> str:
        return "hit entry"


class HitSource(models.Model):
    """One digest as published by one signal of a municipality (local only, never exported).

    `source_id` is the signal whose traces hold the identifier; several signals can publish the
    same digest, and the municipality's `HitEntry` for it stays while one of them does.
    """

    municipality = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    source_id = models.UUIDField(db_index=True)
    key_id = models.CharField(max_length=40)
    digest = models.CharField(max_length=64)
    kind = models.CharField(max_length=10, choices=HitKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source_id", "key_id", "digest"], name="hitsource_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "key_id", "digest"], name="hitsource_digest")
        ]

    def __str__(self) -> str:
        return "hit source"
