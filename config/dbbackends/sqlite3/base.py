"""django.db.backends.sqlite3, counting committed writes (config/dbbackends)."""

from django.db.backends.sqlite3 import base

from .. import WriteCountingMixin


class DatabaseWrapper(WriteCountingMixin, base.DatabaseWrapper):
    pass
