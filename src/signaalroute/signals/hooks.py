"""After a party of a signal (SignalSubject) is saved — at submit, by a focal officer, or by
stacking accepting an identifier found in the text — the rooms above act on it in the writer's
transaction (the route proposes the signal's domain and owner again). Signals imports none of
them: the setting ``SIGNAALROUTE_SUBJECT_SAVED`` names them (conf/wiring.py), as core.panels
names page sections. Connected to ``post_save`` by the model's label, so this module needs no
model at import; `SignalsConfig` imports it.

In the same way, after a signal or an event on its timeline is written or deleted, the hooks
of ``SIGNAALROUTE_SIGNAL_CHANGED`` are called in the writer's transaction (monitoring keeps its
counts per municipality and quarter by them). A writer that changes a signal with
``QuerySet.update``, which sends no ``post_save``, calls ``signal_changed`` itself."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save
from django.utils.module_loading import import_string


def _subject_saved(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loading fixtures: nothing derived
        return
    update_fields = kwargs.get("update_fields")
    fields = None if update_fields is None else frozenset(update_fields)
    for path in getattr(settings, "SIGNAALROUTE_SUBJECT_SAVED", ()):
        import_string(path)(subject=instance, fields=fields)


def signal_changed(
    signal: Any,
    fields: Iterable[str] | None = None,
    event: Any = None,
    *,
    created: bool = False,
    previous: dict[str, Any] | None = None,
) -> None:
    """Tell the rooms above that ``signal`` was written (``fields``: which, None when not
    known), or ``event`` on its timeline was. ``created``: the signal or the event is new (not
    changed, not deleted); ``previous``: values of ``fields`` before the write, when the writer
    knows them (so that a count can move instead of being counted again)."""
    for path in getattr(settings, "SIGNAALROUTE_SIGNAL_CHANGED", ()):
        import_string(path)(
            signal=signal, fields=fields, event=event, created=created, previous=previous
        )


def _signal_written(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    update_fields = kwargs.get("update_fields")
    signal_changed(
        instance,
        fields=None if update_fields is None else frozenset(update_fields),
        created=bool(kwargs.get("created")),
    )


def _event_written(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    try:
        signal = instance.signal
    except ObjectDoesNotExist:  # deleted with its signal, which is told of itself
        return
    signal_changed(signal, event=instance, created=bool(kwargs.get("created")))


post_save.connect(_subject_saved, sender="signals.SignalSubject", dispatch_uid="signals.saved")
post_save.connect(_signal_written, sender="signals.Signal", dispatch_uid="signals.signal_saved")
post_delete.connect(_signal_written, sender="signals.Signal", dispatch_uid="signals.signal_deleted")
post_save.connect(_event_written, sender="signals.SignalEvent", dispatch_uid="signals.event_saved")
post_delete.connect(
    _event_written, sender="signals.SignalEvent", dispatch_uid="signals.event_deleted"
)
