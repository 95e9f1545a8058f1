"""After a party of a signal (SignalSubject) is saved — at submit, by a focal officer, or by
stacking accepting an identifier found in the text — the rooms above act on it in the writer's
transaction (the route proposes the signal's domain and owner again). Signals imports none of
them: the setting ``SIGNAALROUTE_SUBJECT_SAVED`` names them (conf/wiring.py), as core.panels
names page sections. Connected to ``post_save`` by the model's label, so this module needs no
model at import; `SignalsConfig` imports it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_save
from django.utils.module_loading import import_string


def _subject_saved(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loading fixtures: nothing derived
        return
    for path in getattr(settings, "SIGNAALROUTE_SUBJECT_SAVED", ()):
        import_string(path)(subject=instance)


post_save.connect(_subject_saved, sender="signals.SignalSubject", dispatch_uid="signals.saved")
