"""Oversight: the auditor's window on the audit chain (search and CSV export, scoped to the
auditor's region).

It sits above `accounts` (who may see which organisations) and `audit` (the chain itself), so
the chain at the bottom of the house knows no users or roles. The URL namespace stays
``audit`` so routes and bookmarks did not change.
"""
