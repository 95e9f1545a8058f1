"""Stacking (*stapelen*): soft signals about one person, address or organisation meet.

Signals of human trafficking are rarely conclusive on their own; their weight comes from
being put together ("gestapeld") when several partners record something about the same
person, address or organisation. The seed report names the failure this package works
against: signals "worden onvoldoende vastgelegd en gestapeld, en komen niet op het juiste
moment bij elkaar" (seed ``003_7eb11e2830c5e158.txt``, section 8.1, *Signaleren en
samenwerken*). This package is the pure-Python first slice of that engine: normalisers
per field (:mod:`.normalise`), plain record types (:mod:`.records`) and pairwise
comparison with blocking keys (:mod:`.compare`). It has no models, views or settings and
is therefore not a Django app; see ``docs/stacking.md``.
"""
