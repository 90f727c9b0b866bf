"""Benchmarks: `python -m benchmarks` prints speed and memory figures (not part of the test suite)."""
