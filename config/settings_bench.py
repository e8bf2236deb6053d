"""Settings for the benchmarks (`make bench`, `make bench-reminders`): production's, plus the
`benchmarks` app and its commands (bench_seed, bench_run, bench_reminders).

Production (config/settings.py) does not install `benchmarks`: its seeder and runner are tools
for a benchmark database, never code a deployed server loads. The bench starts gunicorn, Celery
and its own writer with this module too (benchmarks/run/results.py, server_env).
"""

from config.settings import *  # noqa: F403 (this module is production's settings, extended)
from config.settings import INSTALLED_APPS

# A new list: `+=` would extend production's own list in a process that imports both.
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]
