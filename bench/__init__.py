"""Benchmarks (not part of the test suite): run with ``make bench-stacking``."""
