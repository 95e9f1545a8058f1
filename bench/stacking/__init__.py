"""The stacking benchmark: FEBRL 1-4 and generated scaling sets, our engine against Splink.

See ``docs/benchmarks.md``. Entry point: ``python -m bench.stacking.run``.
"""
