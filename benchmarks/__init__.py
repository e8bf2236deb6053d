"""Benchmarks: a national-scale data set (`manage.py bench_seed`) and its runner."""
