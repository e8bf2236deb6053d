"""kombu's Redis transport, with a worker that survives losing Redis while it holds messages.

When the worker's connection to Redis drops, Celery 5.7 collects the connection (which takes
the transport's client away) and then closes it. The messages the worker still holds
unacknowledged (a task running with a late acknowledgement, a retry waiting for its
countdown) belong to the old channel. kombu 5.7 then needs that client twice and finds
None: closing the channel tries to put those messages back in their queue, and a task that
finishes after the reconnection acknowledges its message on the old channel. Both raised
AttributeError, which Celery does not count as a connection error: "Unrecoverable error",
and the worker exited for good (the broker outage test caught both).

Neither can reach Redis through the old channel, and nothing needs to: each message is still in
Redis's set of unacknowledged messages, and Redis hands it out again after the visibility
timeout. The task then finds its work claimed or done in the database and returns
(docs/architecture.md#outbox-and-sweep); the sweep re-queues due work every minute regardless.
So here both only log.
"""

from __future__ import annotations

import logging
from typing import Any

from kombu.transport import redis

logger = logging.getLogger(__name__)

LEFT_IN_REDIS = "they stay in Redis and are delivered again after the visibility timeout"


class QoS(redis.QoS):
    def _connection_gone(self) -> bool:
        transport = self.channel.connection
        return transport is None or transport.client is None

    def restore_unacked(self, client: Any = None) -> None:
        if client is None and self._connection_gone():
            logger.warning(
                "Redis connection lost with %d unacknowledged message(s): %s.",
                len(self._delivered),
                LEFT_IN_REDIS,
            )
            self._delivered.clear()
            return
        super().restore_unacked(client)

    def ack(self, delivery_tag: Any) -> None:
        if self._connection_gone():
            logger.warning("A message from before the Redis reconnection: %s.", LEFT_IN_REDIS)
            return
        super().ack(delivery_tag)

    def reject(self, delivery_tag: Any, requeue: bool = False) -> None:
        if self._connection_gone():
            logger.warning("A message from before the Redis reconnection: %s.", LEFT_IN_REDIS)
            return
        super().reject(delivery_tag, requeue=requeue)


class Channel(redis.Channel):
    QoS = QoS


class Transport(redis.Transport):
    Channel = Channel
