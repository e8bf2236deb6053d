"""Model fields the project shares."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from encrypted_fields.fields import EncryptedCharField

# Every Fernet token starts so (its version byte, then the high bytes of a timestamp).
FERNET_TOKEN_START = "gAAAAA"  # noqa: S105 (a format's marker, not a secret)


class EncryptedSecretField(EncryptedCharField):
    """A secret the application must read back (a webhook's signing secret), stored encrypted
    at rest: a copy of the database, a backup or a replica does not give it away. Fernet
    (AES-128-CBC with HMAC-SHA256, django-fernet-encrypted-fields) with keys derived from
    SECRET_KEY, then each of SECRET_KEY_FALLBACKS, and settings.SALT_KEY; so SECRET_KEY
    can be rotated by moving the old one to SECRET_KEY_FALLBACKS.

    Three differences from the library's field: it refuses to be filtered on (each
    encryption gives another token, so `filter(secret=...)` matched nothing, silently); an
    empty value is stored empty (the library
    stores NULL, which a NOT NULL column refuses), and a stored token that no key decrypts is
    an error naming its cause, where the library hands the token back as if it were the
    secret (every delivery would then be signed with the wrong key, silently)."""

    def get_lookup(self, lookup_name: str) -> Any:
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def get_prep_value(self, value: Any) -> Any:
        if value == "":
            return ""
        return super().get_prep_value(value)

    def to_python(self, value: Any) -> Any:
        found = super().to_python(value)
        if (
            isinstance(value, str)
            and found == value
            and value.startswith(FERNET_TOKEN_START)
            and not hasattr(self, "_already_decrypted")
        ):
            raise ImproperlyConfigured(
                f"{self.model.__name__}.{self.name} could not be decrypted: SECRET_KEY changed "
                "without the old key in SECRET_KEY_FALLBACKS, or SALT_KEY changed "
                "(docs/operations.md#secrets-at-rest)."
            )
        return found
