"""A test-only e-mail backend for the worker crash test (no tests here): it writes a marker
file when it starts sending, then sleeps, so the test can kill the worker mid-send."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        marker = os.environ.get("SLOW_EMAIL_MARKER")
        if marker:
            Path(marker).touch()
        time.sleep(float(os.environ.get("SLOW_EMAIL_SECONDS", "0")))
        return super().send_messages(email_messages)
