"""Lay out a batch of labels, on several cores when the batch is large.

Laying out a label (mostly encoding its QR code) costs more than drawing it, so large
batches are laid out by forked worker processes, together with this process, which
also draws the pages laid out so far. Workers are forked only where that is safe: on
platforms with fork, from a process running a single thread. The caller's `processes`
says how many processes take part, this one included (1: no workers; None: one per
usable CPU, at most `MAX_PROCESSES`).
"""

import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import partial

from labels.errors import InvalidLabelError
from labels.layout import LabelLayout, layout_label
from labels.model import LabelData
from labels.parallel import map_in_order
from labels.style import LabelStyle

PARALLEL_MIN_LABELS = 200
CHUNK_SIZE = 50
MAX_PROCESSES = 8


def prepare_layouts(
    labels: Iterable[LabelData],
    label_size: tuple[float, float],
    style: LabelStyle,
    processes: int | None = None,
    encode_qr: bool = True,
) -> Iterator[LabelLayout]:
    """Yield the layout of every label at `label_size`, in order (see `layout_label`)."""
    check_processes(processes)
    batch = list(labels)
    if not batch:
        return
    # The first layout, made here, fixes the QR mask and fills the caches workers inherit.
    yield layout_label(batch[0], label_size, style, encode_qr)
    rest = batch[1:]
    workers = worker_count(len(rest), processes)
    if workers < 1:
        yield from (layout_label(label, label_size, style, encode_qr) for label in rest)
        return
    chunks = [rest[start : start + CHUNK_SIZE] for start in range(0, len(rest), CHUNK_SIZE)]
    lay_out = partial(_layout_chunk, label_size=label_size, style=style, encode_qr=encode_qr)
    yield from map_in_order(lay_out, chunks, workers)


def check_processes(processes: int | None) -> None:
    """Refuse a process count that is not a whole number of at least 1."""
    if processes is None:
        return
    if isinstance(processes, bool) or not isinstance(processes, int) or processes < 1:
        raise InvalidLabelError(
            f"processes must be a whole number of at least 1, not {processes!r}",
            field="processes",
        )


def worker_count(label_count: int, processes: int | None = None) -> int:
    """Return how many processes to fork besides this one for `label_count` labels."""
    processes = processes or _usable_cpus()
    if label_count < PARALLEL_MIN_LABELS or processes < 2 or not _fork_is_safe():
        return 0
    return processes - 1


def _usable_cpus() -> int:
    """Return the CPUs this process may run on, at most MAX_PROCESSES."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return min(cpus, MAX_PROCESSES)


def _fork_is_safe() -> bool:
    """Tell whether worker processes can be forked without risking a deadlock."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _layout_chunk(
    labels: Sequence[LabelData],
    label_size: tuple[float, float],
    style: LabelStyle,
    encode_qr: bool,
) -> list[LabelLayout]:
    """Lay out a chunk of labels (runs in a worker process)."""
    return [layout_label(label, label_size, style, encode_qr) for label in labels]
