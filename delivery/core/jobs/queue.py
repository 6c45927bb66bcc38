"""The one job queue: RQ on Redis in production, a thread of the web process in embedded mode.

Jobs are plain importable functions taking ids; they reload their rows and are safe to run twice.
The app queues them only through the outbox (delivery.core.jobs.outbox), which writes the work
down first, so a queue that cannot take a job loses nothing; `live_job_ids` tells the outbox
work whose job still runs from work whose job is gone.
"""

import functools
import importlib
import logging
import threading
import time
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from delivery.core.database import db

log = logging.getLogger(__name__)
QUEUE_NAME = "antar"
REDIS_TIMEOUT_SECONDS = 3
OVERDUE_RETRY_SECONDS = 30


class QueueUnavailable(RuntimeError):
    """The job queue cannot take or report jobs now (Redis is unreachable)."""


@dataclass
class InProcessQueue:
    """Runs jobs on background threads inside the web process (embedded mode)."""

    app: Flask
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=2, thread_name_prefix="antar-job")
    )
    live: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def submit(
        self, job_id: str, function_path: str, args: Sequence, retry_intervals: Sequence[int]
    ) -> None:
        with self.lock:
            self.live.add(job_id)
        self.executor.submit(self._run, job_id, function_path, tuple(args), list(retry_intervals))

    def _run(
        self, job_id: str, function_path: str, args: tuple, retry_intervals: list[int]
    ) -> None:
        try:
            for delay in [0, *retry_intervals]:
                time.sleep(delay)
                try:
                    with self.app.app_context():
                        run_with_clean_session(function_path, args)
                    return
                except Exception:
                    log.exception("job %s failed", function_path)
        finally:
            with self.lock:
                self.live.discard(job_id)


def resolve(function_path: str) -> Callable:
    """Import 'package.module:function' or 'package.module.function'."""
    module_name, _sep, name = function_path.replace(":", ".").rpartition(".")
    return getattr(importlib.import_module(module_name), name)


def run_in_app(function_path: str, *args) -> object:
    """Run a job in the app context the worker keeps (delivery.core.jobs.worker.AppWorker)."""
    return run_with_clean_session(function_path, args)


def run_with_clean_session(function_path: str, args: Sequence) -> object:
    """Run a job; if it fails, roll its transaction back so the next job starts clean."""
    try:
        return resolve(function_path)(*args)
    except BaseException:
        db.session.rollback()
        raise


@functools.cache
def redis_client(url: str) -> Redis:
    """One client (and connection pool) per Redis URL for the process; it gives up within
    seconds when Redis is unreachable, so a request never hangs on it."""
    return Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )


def redis_queue(app: Flask) -> Queue:
    """Return the RQ queue on the configured Redis."""
    return Queue(QUEUE_NAME, connection=redis_client(app.config["REDIS_URL"]))


def enqueue(
    function_path: str,
    *args,
    job_id: str,
    timeout: int = 60,
    retry_intervals: Sequence[int] | None = None,
) -> None:
    """Queue a job by the dotted path of its function, with an explicit id, timeout and retries."""
    enqueue_many(function_path, [(job_id, args)], timeout=timeout, retry_intervals=retry_intervals)


def enqueue_many(
    function_path: str,
    jobs: Sequence[tuple[str, Sequence]],
    timeout: int = 60,
    retry_intervals: Sequence[int] | None = None,
) -> None:
    """Queue jobs of one function, given as (job id, arguments), in one round trip to Redis.

    Raises QueueUnavailable when Redis cannot be reached."""
    app = current_app._get_current_object()
    if retry_intervals is None:
        retry_intervals = app.config["JOB_RETRY_INTERVALS"]
    if not app.config["REDIS_URL"]:
        for job_id, args in jobs:
            in_process_queue(app).submit(job_id, function_path, args, retry_intervals)
        return
    retry = Retry(max=len(retry_intervals), interval=list(retry_intervals))
    try:
        redis_queue(app).enqueue_many(
            [
                Queue.prepare_data(
                    run_in_app, (function_path, *args), job_id=job_id, timeout=timeout, retry=retry
                )
                for job_id, args in jobs
            ]
        )
    except RedisError as error:
        raise QueueUnavailable(f"the job queue is unreachable: {error}") from error


def live_job_ids(job_ids: Collection[str]) -> set[str]:
    """The jobs among these that will still run or finish; raises QueueUnavailable."""
    app = current_app._get_current_object()
    if not job_ids:
        return set()
    if not app.config["REDIS_URL"]:
        queue = in_process_queue(app)
        with queue.lock:
            return queue.live & set(job_ids)
    queue = redis_queue(app)
    try:
        jobs = Job.fetch_many(list(job_ids), connection=queue.connection)
        return {job.id for job in jobs if job and rq_job_is_alive(queue, job)}
    except RedisError as error:
        raise QueueUnavailable(f"the job queue is unreachable: {error}") from error


def rq_job_is_alive(queue: Queue, job: Job) -> bool:
    """Tell whether RQ will still run a job: it is queued, its retry is not overdue (a retry only
    comes back if a scheduler runs), or it runs on a worker whose heartbeat is fresh."""
    status = job.get_status(refresh=False)
    if status in (JobStatus.QUEUED, JobStatus.DEFERRED):
        return True
    if status == JobStatus.SCHEDULED:
        try:
            due = queue.scheduled_job_registry.get_scheduled_time(job)
        except NoSuchJobError:
            return False
        # RQ keeps the real time, not the app's clock
        return datetime.now(UTC) < due + timedelta(seconds=OVERDUE_RETRY_SECONDS)
    if status == JobStatus.STARTED and job.worker_name:
        return bool(queue.connection.exists(worker_alive_key(job.worker_name)))
    return False


def worker_alive_key(worker_name: str) -> str:
    """The Redis key a worker keeps fresh while it runs (see delivery.core.jobs.worker)."""
    return f"antar:worker-alive:{worker_name}"


def in_process_queue(app: Flask) -> InProcessQueue:
    """Return the app's in-process queue, made on first use."""
    if "antar_queue" not in app.extensions:
        app.extensions["antar_queue"] = InProcessQueue(app)
    return app.extensions["antar_queue"]


@dataclass(frozen=True)
class FailedJob:
    job_id: str
    description: str
    error: str
    ended_at: object


def failed_jobs(limit: int = 50) -> list[FailedJob]:
    """The jobs in RQ's failed registry, newest first (none in embedded mode)."""
    app = current_app._get_current_object()
    if not app.config["REDIS_URL"]:
        return []
    queue = redis_queue(app)
    try:
        ids = queue.failed_job_registry.get_job_ids()[-limit:]
        jobs = [job for job in Job.fetch_many(ids, connection=queue.connection) if job]
    except RedisError as error:
        log.warning("failed jobs cannot be listed: %s", error)
        return []
    return [
        FailedJob(job.id, job_description(job), last_line(job.latest_result()), job.ended_at)
        for job in reversed(jobs)
    ]


def job_description(job: Job) -> str:
    """Name a job by the function it runs and its ids."""
    function_path, *args = job.args or ("?",)
    return f"{str(function_path).rsplit('.', 1)[-1]}({', '.join(map(str, args))})"


def last_line(result) -> str:
    text = getattr(result, "exc_string", None) or ""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def retry_failed_job(job_id: str) -> None:
    """Put a failed job back on the queue."""
    queue = redis_queue(current_app._get_current_object())
    queue.failed_job_registry.requeue(job_id)
