"""Validators for Chinese identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: 31 characters, without I, O, S, V and Z.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_REGION_CODE = re.compile(r"^\d{6}$")


def uscc_check_character(first17: str) -> str:
    """The 18th character of a unified social credit code, from its first 17."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    code = (value or "").upper()
    if len(code) != 18 or not _USCC_SHAPE.match(code):
        raise ValidationError(
            _(
                "A unified social credit code has 18 characters: digits and capital letters "
                "except I, O, S, V and Z."
            ),
            code="uscc_shape",
        )
    if uscc_check_character(code[:17]) != code[17]:
        raise ValidationError(
            _("This unified social credit code's check character is wrong; please re-type it."),
            code="uscc_checksum",
        )


def validate_region_code(value: str) -> None:
    if not _REGION_CODE.match(value or ""):
        raise ValidationError(
            _("A region code is the six-digit administrative division code, e.g. 110000."),
            code="region_code",
        )


_MARKET_CODE = re.compile(r"^[A-Z]{2}$")


def default_markets() -> list[str]:
    """Where a platform is offered, when nobody said otherwise: China."""
    return ["CN"]


def validate_markets(value: object) -> None:
    """A non-empty list of market codes: ISO 3166 two-letter country codes, or EU."""
    if (
        not isinstance(value, list)
        or not value
        or any(not isinstance(m, str) or not _MARKET_CODE.match(m) for m in value)
        or len(set(value)) != len(value)
    ):
        raise ValidationError(
            _(
                'A list of market codes in capitals, each once, such as ["CN"] or '
                '["CN", "EU"]: two-letter country codes, or EU.'
            ),
            code="markets",
        )
