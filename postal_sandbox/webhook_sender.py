"""Deliver tracking events to the configured webhook URL from a background thread.

Each event goes in its own signed POST, or with `webhook_batch` the events released
together go in one POST. A delivery the receiver does not answer with 2xx is tried again
after each of `retry_delays` (real seconds), then given up; a receiver that is down never
stops the sandbox. The `webhook_out_of_order` fault sends a batch pairwise swapped; the
`webhook_duplicate` fault sends an event again, right after it or, when batching, beside the
new events of the next batch.
"""

import heapq
import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import requests

from postal_client import signature_headers
from postal_sandbox.faults import FaultPlan

logger = logging.getLogger(__name__)


@dataclass(order=True)
class _Delivery:
    """One event waiting to be sent, ordered by when it is due."""

    due: float
    sequence: int
    event: dict[str, Any] = field(compare=False)
    attempt: int = field(compare=False)
    generation: int = field(compare=False)


class WebhookSender:
    """A queue of webhook deliveries and the thread that sends them."""

    def __init__(
        self, faults: FaultPlan, retry_delays: Sequence[float], timeout: float = 5.0
    ) -> None:
        self._faults = faults
        self._retry_delays = tuple(retry_delays)
        self._timeout = timeout
        self._session = requests.Session()
        self._condition = threading.Condition()
        self._queue: list[_Delivery] = []
        self._sequence = 0
        self._generation = 0
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._url: str | None = None
        self._riding_along: list[_Delivery] = []
        self._secret = ""
        self.counts: Counter[str] = Counter()

    def configure(self, url: str | None, secret: str | None) -> None:
        """Send future deliveries to `url`, signed with `secret`; None stops sending."""
        if url and not secret:
            raise ValueError("a webhook URL needs a secret to sign with")
        with self._condition:
            self._url, self._secret = url, secret or ""

    def enqueue(self, events: list[dict[str, Any]]) -> None:
        """Queue events for delivery, in order, as one batch."""
        if not events:
            return
        with self._condition:
            for event in events:
                self._push(_Delivery(time.monotonic(), 0, event, 0, self._generation))
            self._condition.notify()

    def reset(self) -> None:
        """Drop every pending delivery, including those being tried, and zero the counts."""
        with self._condition:
            self._generation += 1
            self._queue.clear()
            self.counts.clear()

    def stats(self) -> dict[str, int]:
        """Return delivery counts and how many deliveries wait."""
        with self._condition:
            return {**self.counts, "pending": len(self._queue)}

    def start(self) -> None:
        """Start the delivery thread."""
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="sandbox-webhooks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the delivery thread, dropping what is still queued."""
        with self._condition:
            self._stopping = True
            self._condition.notify()
        if self._thread:
            self._thread.join(timeout=self._timeout + 1)
        self._session.close()

    def _run(self) -> None:
        """Send due deliveries until stopped."""
        while (batch := self._next_batch()) is not None:
            arranged = self._arrange(batch)
            if self._faults.settings.webhook_batch:
                self._deliver(arranged)
            else:
                for delivery in arranged:
                    self._deliver([delivery])

    def _next_batch(self) -> list[_Delivery] | None:
        """Wait for deliveries that are due and take them all; None once stopping."""
        with self._condition:
            while not self._stopping:
                now = time.monotonic()
                if self._queue and self._queue[0].due <= now:
                    batch = []
                    while self._queue and self._queue[0].due <= now:
                        batch.append(heapq.heappop(self._queue))
                    return batch
                wait = self._queue[0].due - now if self._queue else None
                self._condition.wait(wait)
            return None

    def _arrange(self, batch: list[_Delivery]) -> list[_Delivery]:
        """Apply the delivery faults: duplicate some events, swap neighbours."""
        duplicates = [
            delivery
            for delivery in batch
            if delivery.attempt == 0 and self._faults.fires("webhook_duplicate")
        ]
        if self._faults.settings.webhook_out_of_order:
            for index in range(0, len(batch) - 1, 2):
                batch[index], batch[index + 1] = batch[index + 1], batch[index]
        if not self._faults.settings.webhook_batch:
            return batch + duplicates
        # only the sending thread arranges batches, so this list needs no lock
        earlier_duplicates, self._riding_along = self._riding_along, duplicates
        return batch + earlier_duplicates

    def _deliver(self, deliveries: list[_Delivery]) -> None:
        """POST events in one body; on failure queue each again or give it up."""
        with self._condition:
            deliveries = [d for d in deliveries if d.generation == self._generation]
            url, secret = self._url, self._secret
        if not deliveries:
            return
        if url is None:
            self._count("skipped_no_url", len(deliveries))
            return
        events = [delivery.event for delivery in deliveries]
        body = json.dumps({"type": "tracking.events", "events": events}).encode()
        headers = {
            "Content-Type": "application/json",
            **signature_headers(body, secret, int(time.time())),
        }
        try:
            answer = self._session.post(url, data=body, headers=headers, timeout=self._timeout)
            delivered = 200 <= answer.status_code < 300
        except requests.RequestException as error:
            logger.info("webhook to %s failed: %s", url, error)
            delivered = False
        self._count("delivered" if delivered else "failed_attempts", len(deliveries))
        if not delivered:
            for delivery in deliveries:
                self._retry_later(delivery)

    def _retry_later(self, delivery: _Delivery) -> None:
        """Queue a failed delivery after its backoff, or give it up after the last one."""
        if delivery.attempt >= len(self._retry_delays):
            logger.warning("giving up webhook for event %s", delivery.event["event_id"])
            self._count("given_up")
            return
        due = time.monotonic() + self._retry_delays[delivery.attempt]
        retry = _Delivery(due, 0, delivery.event, delivery.attempt + 1, delivery.generation)
        with self._condition:
            if retry.generation == self._generation:
                self._push(retry)
                self._condition.notify()

    def _push(self, delivery: _Delivery) -> None:
        """Add a delivery to the queue behind earlier ones; the caller holds the condition."""
        self._sequence += 1
        delivery.sequence = self._sequence
        heapq.heappush(self._queue, delivery)

    def _count(self, outcome: str, events: int = 1) -> None:
        """Count the outcome of delivering some events."""
        with self._condition:
            self.counts[outcome] += events
