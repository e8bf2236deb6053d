"""A tiny webhook receiver for the tests: an HTTP server on a thread that verifies each
request's Standard Webhooks signature with the endpoint's secret(s) and records what came,
by webhook-id. What it answers is up to the test (`answer`), and it can hold a request open
(`stall`) to play a receiver that is slow while the worker sending to it dies."""

from __future__ import annotations

import json
import ssl
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


@dataclass
class Receiver:
    url: str = ""
    secrets: list[str] = field(default_factory=list)
    answer: Callable[[str], int] = lambda event_id: 200
    # Called before answering; blocks as long as the test wants (held open).
    stall: Callable[[str], None] = lambda event_id: None
    received: Counter[str] = field(default_factory=Counter)
    bodies: dict[str, Any] = field(default_factory=dict)
    bad_signatures: int = 0
    paths: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)  # each request's Host header
    lock: threading.Lock = field(default_factory=threading.Lock)

    def verify(self, body: bytes, headers: dict[str, str]) -> bool:
        for secret in self.secrets:
            try:
                Webhook(secret).verify(body, headers)
                return True
            except WebhookVerificationError:
                continue
        return False

    @property
    def distinct(self) -> set[str]:
        return set(self.received)


@contextmanager
def running(
    receiver: Receiver, *, tls: tuple[Path, Path] | None = None, host: str = "127.0.0.1"
) -> Iterator[Receiver]:
    """The receiver on a free port of 127.0.0.1; with `tls` (certificate and key files),
    over https, and its URL names `host` (which the test resolves to 127.0.0.1)."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            event_id = headers.get("webhook-id", "")
            with receiver.lock:
                receiver.paths.append(self.path)
                receiver.hosts.append(headers.get("host", ""))
                if not receiver.verify(body, headers):
                    receiver.bad_signatures += 1
                    status = 401
                else:
                    receiver.received[event_id] += 1
                    receiver.bodies[event_id] = json.loads(body)
                    status = 0
            if status == 0:
                receiver.stall(event_id)
                status = receiver.answer(event_id)
            payload = b"ok " * 1000  # long: the log keeps only an excerpt
            try:
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("location", receiver.url + "redirected")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the sender went away (a killed worker)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    scheme = "http"
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    receiver.url = f"{scheme}://{host}:{server.server_address[1]}/hook/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
