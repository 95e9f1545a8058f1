"""Record linkage without Django: normalisers, records, comparison, blocking, scoring, matcher.

A plain Python library at the bottom of the house (it imports nothing of signaalroute's and
no Django), so it can be tested, benchmarked against Splink and reused on its own. The
`stacking` app feeds it the subjects of signals and stores what it decides.
"""
