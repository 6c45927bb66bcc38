"""The background work each feature registers, so that core runs it without knowing the feature.

A background task is a plain job function taking [id, outbox entry id] pairs; the outbox stores
its topic (the name it is registered under) with each entry and hands the entries to it. A
periodic task takes nothing, returns how much it did, and runs in every periodic round.

    @background_task("shipment.submit", key="shipment_id")
    def submit_shipments(work: list[list[int]]) -> None: ...

The app imports the features' task modules once (delivery.create_app), which registers them.
"""

from collections.abc import Callable
from dataclasses import dataclass

Job = Callable[[list[list[int]]], object]


@dataclass(frozen=True)
class BackgroundTask:
    topic: str  # stored in each outbox entry: a topic keeps its name while its entries wait
    function: Job
    key: str  # the payload's id, e.g. {"shipment_id": 7}
    timeout: int  # seconds a job may run

    @property
    def import_path(self) -> str:
        """Where a worker process finds the function."""
        return f"{self.function.__module__}.{self.function.__qualname__}"


TASKS_BY_TOPIC: dict[str, BackgroundTask] = {}
PERIODIC_TASKS: dict[str, Callable[[], int]] = {}


def background_task(topic: str, *, key: str, timeout: int = 60) -> Callable[[Job], Job]:
    """Register a job function as the one that does the outbox's work of `topic`."""

    def register(function: Job) -> Job:
        known = TASKS_BY_TOPIC.get(topic)
        if known and known.function.__qualname__ != function.__qualname__:
            raise ValueError(f"topic {topic!r} is already done by {known.import_path}")
        TASKS_BY_TOPIC[topic] = BackgroundTask(topic, function, key, timeout)
        return function

    return register


def periodic_task(function: Callable[[], int]) -> Callable[[], int]:
    """Register a function for every periodic round, under its own name."""
    PERIODIC_TASKS[function.__name__] = function
    return function


def task_of(function: Job) -> BackgroundTask:
    """The registration of a job function; a function nobody registered is a mistake."""
    for task in TASKS_BY_TOPIC.values():
        if task.function is function:
            return task
    raise LookupError(f"{function.__qualname__} is not registered as a background task")


def task_for_topic(topic: str) -> BackgroundTask:
    """The task that does a topic's work."""
    try:
        return TASKS_BY_TOPIC[topic]
    except KeyError:
        raise LookupError(f"no background task is registered for topic {topic!r}") from None
