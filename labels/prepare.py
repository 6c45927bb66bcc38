"""Lay out a batch of labels, on several cores when the batch is large.

Laying out a label (mostly encoding its QR code) costs more than drawing it, so large
batches are laid out by forked worker processes, together with this process, which
also draws the pages laid out so far. Workers are forked only where that is safe: on
platforms with fork, from a process running a single thread. `ANTAR_LABEL_PROCESSES`
sets how many processes take part, this one included (1: no workers).
"""

import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import partial

from labels.layout import LabelLayout, layout_label
from labels.model import LabelData
from labels.parallel import map_in_order

PROCESSES_ENV_VAR = "ANTAR_LABEL_PROCESSES"
PARALLEL_MIN_LABELS = 200
CHUNK_SIZE = 50
MAX_PROCESSES = 8


def prepare_layouts(
    labels: Iterable[LabelData], label_size: tuple[float, float]
) -> Iterator[LabelLayout]:
    """Yield the layout of every label at `label_size`, in order."""
    batch = list(labels)
    if not batch:
        return
    # The first layout, made here, fixes the QR mask and fills the caches workers inherit.
    yield layout_label(batch[0], *label_size)
    rest = batch[1:]
    workers = worker_count(len(rest))
    if workers < 1:
        for label in rest:
            yield layout_label(label, *label_size)
        return
    chunks = [rest[start : start + CHUNK_SIZE] for start in range(0, len(rest), CHUNK_SIZE)]
    yield from map_in_order(partial(_layout_chunk, label_size=label_size), chunks, workers)


def worker_count(label_count: int) -> int:
    """Return how many processes to fork besides this one for `label_count` labels."""
    processes = _configured_processes()
    if label_count < PARALLEL_MIN_LABELS or processes < 2 or not _fork_is_safe():
        return 0
    return processes - 1


def _configured_processes() -> int:
    """Return ANTAR_LABEL_PROCESSES, or the usable CPUs (at most MAX_PROCESSES)."""
    configured = os.environ.get(PROCESSES_ENV_VAR, "").strip()
    if not configured:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        return min(cpus, MAX_PROCESSES)
    if not configured.isdigit() or int(configured) < 1:
        raise ValueError(f"{PROCESSES_ENV_VAR} must be a whole number of at least 1")
    return int(configured)


def _fork_is_safe() -> bool:
    """Tell whether worker processes can be forked without risking a deadlock."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _layout_chunk(
    labels: Sequence[LabelData], label_size: tuple[float, float]
) -> list[LabelLayout]:
    """Lay out a chunk of labels (runs in a worker process)."""
    return [layout_label(label, *label_size) for label in labels]
