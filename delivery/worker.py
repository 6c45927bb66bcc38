"""The RQ worker for Antar: builds the Flask app once, before it forks a process per job.

rq worker --worker-class delivery.worker.AppWorker --url "$ANTAR_REDIS_URL" antar
"""

from rq import Worker

from delivery import queue


class AppWorker(Worker):
    """A forking worker whose job processes inherit a ready app (and open no connection first)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        queue.preload_worker_app()
