"""Benchmarks of the platform on generated data (``python -m benchmarks --help``)."""
