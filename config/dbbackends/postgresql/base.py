"""django.db.backends.postgresql, counting committed writes (config/dbbackends)."""

from django.db.backends.postgresql import base

from .. import WriteCountingMixin


class DatabaseWrapper(WriteCountingMixin, base.DatabaseWrapper):
    pass
