"""Benchmarks: bench/scale.py (see bench/README.md)."""
