"""Work that runs on a schedule: hand out leased outbox work, apply left-over webhook events,
and poll the carrier for quiet shipments.

Production runs `flask --app wsgi jobs periodic` from cron every few minutes; the embedded
demo runs the same work on a background thread of the web process.
"""

import logging
import threading

from flask import Flask

from delivery import tasks

log = logging.getLogger(__name__)
PERIODIC_WORK = (tasks.drain_outbox, tasks.apply_pending_inbox_events, tasks.poll_carrier)


def run_periodic_work() -> dict[str, int]:
    """Run each periodic task once; return how much each did."""
    return {work.__name__: work() for work in PERIODIC_WORK}


class EmbeddedScheduler:
    """Runs the periodic work every `interval` seconds on a daemon thread."""

    def __init__(self, app: Flask, interval: float) -> None:
        self.app = app
        self.interval = interval
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.loop, name="antar-periodic", daemon=True)

    def start(self) -> "EmbeddedScheduler":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()

    def loop(self) -> None:
        while not self.stopping.wait(self.interval):
            try:
                with self.app.app_context():
                    run_periodic_work()
            except Exception:
                log.exception("periodic work failed; trying again in %s s", self.interval)
