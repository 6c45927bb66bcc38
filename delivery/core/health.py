"""What the health endpoint says: which dependency answers, and how much work waits."""

import sqlalchemy as sa
from flask import current_app
from redis.exceptions import RedisError
from rq import Worker

from delivery.core.clock import utcnow
from delivery.core.database import db
from delivery.core.jobs.queue import redis_queue
from delivery.core.replica import replica_health
from delivery.models import CarrierInboxEvent, OutboxEntry, OutboxState


def health_report() -> tuple[dict, bool]:
    """Check each dependency; return the report and whether all of them answer.

    A read replica, when there is one, is reported with its lag, but does not make the service
    unavailable: while it is down or behind, its reads go to the primary."""
    checks = {"database": database_check(), "queue": queue_check()}
    healthy = all(check["status"] == "ok" for check in checks.values())
    replica = replica_health(current_app._get_current_object())
    if replica is not None:
        checks["replica"] = replica
    report = {"status": "ok" if healthy else "unavailable", "checks": checks}
    if checks["database"]["status"] == "ok":
        report["backlog"] = backlog()
    return report, healthy


def down(error: Exception) -> dict:
    """A failed check, named by the kind of error only (the endpoint is public)."""
    return {"status": "down", "error": type(error).__name__}


def database_check() -> dict:
    """Ask the database for one row."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        return down(error)
    return {"status": "ok"}


def queue_check() -> dict:
    """Ping Redis and count the workers listening to the queue (jobs run in-process without)."""
    app = current_app._get_current_object()
    if not app.config["REDIS_URL"]:
        return {"status": "ok", "backend": "in-process"}
    queue = redis_queue(app)
    try:
        queue.connection.ping()
        workers = Worker.count(connection=queue.connection, queue=queue)
    except RedisError as error:
        return down(error)
    return {"status": "ok", "backend": "redis", "workers": workers}


def backlog() -> dict:
    """Work written down and not done: outbox entries due for a hand-out, webhook events
    not applied yet (those for a shipment not known yet among them)."""
    outbox_due = sa.select(sa.func.count()).where(
        OutboxEntry.state == OutboxState.PENDING, OutboxEntry.next_attempt_at <= utcnow()
    )
    events_waiting = sa.select(sa.func.count()).where(CarrierInboxEvent.processed_at.is_(None))
    return {
        "outbox_due": db.session.scalar(outbox_due),
        "carrier_events_waiting": db.session.scalar(events_waiting),
    }
