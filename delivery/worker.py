"""The RQ worker for Antar: the Flask app is built once, and jobs run in the worker's process.

rq worker --worker-class delivery.worker.AppWorker --url "$ANTAR_REDIS_URL" antar

RQ's default worker forks a process for every job, so every job would open its own database
connection, carrier session and carrier token. Antar's jobs are plain functions that reload
their rows and clean their session, so they run one after another in the worker itself (RQ's
SimpleWorker), keeping the connection pool and the carrier session warm. Job timeouts still
apply (a signal interrupts the job). A worker that dies mid-job loses nothing: the job's outbox
lease runs out and the periodic drain hands its entries out again.
"""

from rq import SimpleWorker

from delivery.log_privacy import mask_population_numbers
from delivery.queue import preload_worker_app


class AppWorker(SimpleWorker):
    """A worker that builds the app once and runs the jobs itself, one after another."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        preload_worker_app()

    def handle_job_failure(self, job, queue, started_job_registry=None, exc_string="", **kwargs):
        """Store a failed job's traceback (shown to admins, kept in Redis) with no NIK in it."""
        super().handle_job_failure(
            job, queue, started_job_registry, mask_population_numbers(exc_string), **kwargs
        )
