"""The one job queue: RQ on Redis in production, a thread of the web process in embedded mode.

Jobs are plain importable functions taking ids; they reload their rows and are safe to run twice.
"""

import importlib
import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from flask import Flask, current_app, has_app_context
from redis import Redis
from rq import Queue, Retry
from rq.job import Job

log = logging.getLogger(__name__)
QUEUE_NAME = "antar"
_worker_app: Flask | None = None


@dataclass
class InProcessQueue:
    """Runs jobs on background threads inside the web process (embedded mode)."""

    app: Flask
    executor: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=2, thread_name_prefix="antar-job")
    )

    def submit(self, function_path: str, args: Sequence, retry_intervals: Sequence[int]) -> None:
        self.executor.submit(self._run, function_path, tuple(args), list(retry_intervals))

    def _run(self, function_path: str, args: tuple, retry_intervals: list[int]) -> None:
        for delay in [0, *retry_intervals]:
            time.sleep(delay)
            try:
                with self.app.app_context():
                    run_with_clean_session(function_path, args)
                return
            except Exception:
                log.exception("job %s failed", function_path)


def resolve(function_path: str) -> Callable:
    """Import 'package.module:function' or 'package.module.function'."""
    module_name, _sep, name = function_path.replace(":", ".").rpartition(".")
    return getattr(importlib.import_module(module_name), name)


def preload_worker_app() -> Flask:
    """Build this worker process's app once, for all the jobs it runs."""
    global _worker_app
    if _worker_app is None:
        from delivery import create_app

        _worker_app = create_app()
    return _worker_app


def run_in_app(function_path: str, *args) -> object:
    """Run a job inside an app context: the caller's, or this worker process's own app."""
    if has_app_context():
        return run_with_clean_session(function_path, args)
    with preload_worker_app().app_context():
        return run_with_clean_session(function_path, args)


def run_with_clean_session(function_path: str, args: Sequence) -> object:
    """Run a job; if it fails, roll its transaction back so the next job starts clean."""
    from delivery.database import db

    try:
        return resolve(function_path)(*args)
    except BaseException:
        db.session.rollback()
        raise


def redis_queue(app: Flask) -> Queue:
    """Return the RQ queue on the configured Redis."""
    return Queue(QUEUE_NAME, connection=Redis.from_url(app.config["REDIS_URL"]))


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
    """Queue jobs of one function, given as (job id, arguments), in one round trip to Redis."""
    app = current_app._get_current_object()
    if retry_intervals is None:
        retry_intervals = app.config["JOB_RETRY_INTERVALS"]
    if not app.config["REDIS_URL"]:
        for _job_id, args in jobs:
            in_process_queue(app).submit(function_path, args, retry_intervals)
        return
    retry = Retry(max=len(retry_intervals), interval=list(retry_intervals))
    redis_queue(app).enqueue_many(
        [
            Queue.prepare_data(
                run_in_app, (function_path, *args), job_id=job_id, timeout=timeout, retry=retry
            )
            for job_id, args in jobs
        ]
    )


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
    ids = queue.failed_job_registry.get_job_ids()[-limit:]
    jobs = [job for job in Job.fetch_many(ids, connection=queue.connection) if job]
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
