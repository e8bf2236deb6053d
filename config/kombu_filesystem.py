"""kombu's filesystem transport (the embedded broker of `make run`), with each message
written under a hidden temporary name and renamed into place.

kombu 5.7 writes a message straight to its final name and the consumer moves and reads any
file with that name: a worker could read a message that was still being written, fail to
decode it and stop ("Unrecoverable error: JSONDecodeError"), which the reminder tests caught
now and then. A rename is atomic, so a consumer sees a whole message or none. The consumer
skips the temporary name: its part after the first dot is not `<queue>.msg`.
"""

from __future__ import annotations

import os
import uuid
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue: str, payload: Any, **kwargs: Any) -> None:  # type: ignore[override]  # kombu's own signature (its base names it `message`)
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = os.path.join(self.data_folder_out, f".partial-{uuid.uuid4()}")
        try:
            with open(partial, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
