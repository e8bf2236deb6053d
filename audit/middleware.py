"""Keeps the client address of the request in progress for audit writers that get no request.

Only Django's admin log (LogEntry, written by ModelAdmin without the request reaching its
signal) needs it: every other audit writer is handed the request or the address. The acting
user is never taken from here.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .services import client_address, request_address


class RequestAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            request_address.reset(token)
