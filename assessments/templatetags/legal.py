"""`{{ text|legal_reference }}`: a stored legal reference in the reader's language;
`{{ text|legal_reference:"2018" }}` where the sentence already names the 2018 provisions."""

from __future__ import annotations

from django import template

from ..legal import legal_reference as _legal_reference

register = template.Library()


@register.filter
def legal_reference(text: str, named: str = "") -> str:
    return _legal_reference(text or "", named)
