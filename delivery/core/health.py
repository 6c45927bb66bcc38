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
    """Ping Redis, count the workers listening to the queue and the jobs waiting in it (jobs
    run in-process without Redis)."""
    app = current_app._get_current_object()
    if not app.config["REDIS_URL"]:
        return {"status": "ok", "backend": "in-process"}
    queue = redis_queue(app)
    try:
        queue.connection.ping()
        workers = Worker.count(connection=queue.connection, queue=queue)
        waiting = queue.count
    except RedisError as error:
        return down(error)
    return {"status": "ok", "backend": "redis", "workers": workers, "jobs_waiting": waiting}


def backlog() -> dict:
    """Work written down and not done, and how long the oldest piece has waited (in seconds,
    None when nothing waits): outbox entries due for a hand-out, webhook events not applied
    yet (those for a shipment not known yet among them). One statement."""
    now = utcnow()
    pending = OutboxEntry.state == OutboxState.PENDING
    not_applied = CarrierInboxEvent.processed_at.is_(None)
    figures = sa.select(
        *(
            query.scalar_subquery()
            for query in (
                sa.select(sa.func.count()).where(pending, OutboxEntry.next_attempt_at <= now),
                sa.select(sa.func.min(OutboxEntry.created_at)).where(pending),
                sa.select(sa.func.count()).where(not_applied),
                sa.select(sa.func.min(CarrierInboxEvent.received_at)).where(not_applied),
            )
        )
    )
    outbox_due, oldest_entry, events_waiting, oldest_event = db.session.execute(figures).one()
    return {
        "outbox_due": outbox_due,
        "outbox_oldest_seconds": seconds_since(oldest_entry, now),
        "carrier_events_waiting": events_waiting,
        "carrier_event_oldest_seconds": seconds_since(oldest_event, now),
    }


def seconds_since(moment, now) -> int | None:
    return None if moment is None else max(0, round((now - moment).total_seconds()))
