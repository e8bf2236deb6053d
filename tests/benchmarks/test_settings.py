"""The benchmarks are a tool for a benchmark database: production never installs them, and the
bench's own settings module does."""

from __future__ import annotations

import importlib

from django.conf import settings


def test_production_settings_do_not_install_the_benchmarks() -> None:
    production = importlib.import_module("config.settings")

    assert "benchmarks" not in production.INSTALLED_APPS
    assert "benchmarks" not in settings.INSTALLED_APPS


def test_bench_settings_are_production_settings_plus_the_benchmarks() -> None:
    production = importlib.import_module("config.settings")
    bench = importlib.import_module("config.settings_bench")

    assert [*production.INSTALLED_APPS, "benchmarks"] == bench.INSTALLED_APPS
    assert bench.MIDDLEWARE == production.MIDDLEWARE
    assert bench.DATABASES == production.DATABASES
    # Importing the bench module leaves production's list as it was.
    assert "benchmarks" not in production.INSTALLED_APPS
