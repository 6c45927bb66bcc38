"""The RQ worker for Antar: the Flask app is built once, and jobs run in the worker's process.

rq worker --with-scheduler --worker-class delivery.core.jobs.worker.AppWorker \
    --url "$ANTAR_REDIS_URL" antar

RQ's default worker forks a process for every job, so every job would open its own database
connection, carrier session and carrier token. Antar's jobs are plain functions that reload
their rows and clean their session, so they run one after another in the worker itself (RQ's
SimpleWorker), each in the context of the app the worker built, keeping the connection pool and
the carrier session warm. Job timeouts still
apply (a signal interrupts the job). `--with-scheduler` is what brings a failed job back after
its retry interval.

Beside the jobs, two threads: a heartbeat that keeps a short-lived Redis key fresh, so that the
outbox knows a job whose worker was killed is gone within seconds, and the periodic work
(delivery.core.jobs.periodic), which hands such lost work out again.
"""

import logging

from redis.exceptions import RedisError
from rq import SimpleWorker

from delivery import create_app
from delivery.core.jobs import queue
from delivery.core.jobs.periodic import RepeatingThread
from delivery.core.log_privacy import mask_population_numbers

log = logging.getLogger(__name__)
HEARTBEATS_TO_MISS = 3


class AppWorker(SimpleWorker):
    """A worker that builds the app once and runs the jobs itself, one after another."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.app = create_app()

    def execute_job(self, job, job_queue):
        """Run each job inside the app's context, as its functions expect."""
        with self.app.app_context():
            return super().execute_job(job, job_queue)

    def handle_job_failure(self, job, queue, started_job_registry=None, exc_string="", **kwargs):
        """Store a failed job's traceback (shown to admins, kept in Redis) with no NIK in it."""
        super().handle_job_failure(
            job, queue, started_job_registry, mask_population_numbers(exc_string), **kwargs
        )

    def work(self, *args, burst: bool = False, **kwargs) -> bool:
        """Start the heartbeat and (unless in burst mode) the periodic work, then the jobs."""
        beat = self.app.config["WORKER_HEARTBEAT_SECONDS"]
        RepeatingThread(self.app, beat, self.note_alive, name="antar-heartbeat").start()
        if not burst:
            RepeatingThread(self.app, self.app.config["PERIODIC_SECONDS"]).start()
        return super().work(*args, burst=burst, **kwargs)

    def note_alive(self) -> None:
        """Keep this worker's key alive for a few heartbeats: its running job is not lost."""
        ttl = HEARTBEATS_TO_MISS * self.app.config["WORKER_HEARTBEAT_SECONDS"]
        try:
            self.connection.set(queue.worker_alive_key(self.name), self.pid, ex=ttl)
        except RedisError as error:
            log.warning("worker heartbeat not sent: %s", error)
