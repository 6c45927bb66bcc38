"""Work that runs on a schedule: hand out outbox work whose job is gone, then what the features
registered (delivery.core.jobs.registry), such as applying webhook events left behind or
polling the carrier for quiet shipments.

Each RQ worker runs it every PERIODIC_SECONDS on a thread beside its jobs
(delivery.core.jobs.worker), and the embedded demo on a thread of the web process;
`flask --app wsgi jobs periodic` runs it once.
Running it in several processes at once is safe: each part locks what it takes.
"""

import logging
import threading
from collections.abc import Callable

from flask import Flask

from delivery.core.jobs import outbox
from delivery.core.jobs.registry import PERIODIC_TASKS

log = logging.getLogger(__name__)


def drain_outbox() -> int:
    """Hand out again outbox work whose job is gone."""
    return outbox.drain()


def run_periodic_work() -> dict[str, int]:
    """Run the outbox's drain and each registered periodic task once; return how much each did."""
    work = {"drain_outbox": drain_outbox} | PERIODIC_TASKS
    return {name: task() for name, task in work.items()}


class RepeatingThread:
    """Runs `work` at once and then every `interval` seconds in an app context, on a daemon
    thread; a round that fails is logged, and the next one comes all the same."""

    def __init__(
        self,
        app: Flask,
        interval: float,
        work: Callable[[], object] = run_periodic_work,
        name: str = "antar-periodic",
    ) -> None:
        self.app = app
        self.interval = interval
        self.work = work
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.loop, name=name, daemon=True)

    def start(self) -> "RepeatingThread":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()

    def loop(self) -> None:
        while True:
            try:
                with self.app.app_context():
                    self.work()
            except Exception:
                log.exception("%s failed; trying again in %s s", self.thread.name, self.interval)
            if self.stopping.wait(self.interval):
                return
