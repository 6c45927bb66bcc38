"""Share the laying out of chunks of labels between this process and forked workers.

Workers and this process claim chunks from one shared counter, so nobody waits while
work is left: when the chunk this process needs next is still being laid out by a
worker, it claims and lays out the next unclaimed chunk itself. Workers inherit the
labels when forked and send back only the layouts.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.sharedctypes import Synchronized
from typing import TypeVar

from labels.errors import LabelError

Item = TypeVar("Item")
Result = TypeVar("Result")
POLL_SECONDS = 0.5


def map_in_order(
    work: Callable[[Item], list[Result]], chunks: Sequence[Item], workers: int
) -> Iterator[Result]:
    """Yield the results of `work` on every chunk, in order, using `workers` forked helpers."""
    context = multiprocessing.get_context("fork")
    claimed = context.Value("i", 0)
    results: multiprocessing.Queue[tuple[int, list[Result] | BaseException]] = context.Queue()
    processes = [
        context.Process(target=_work_loop, args=(work, chunks, claimed, results), daemon=True)
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    finished = False
    try:
        ready: dict[int, list[Result]] = {}
        for index in range(len(chunks)):
            _take_finished(results, ready)
            while index not in ready:
                own = _claim(claimed, len(chunks))
                if own is None:
                    _receive(results, processes, ready)
                else:
                    ready[own] = work(chunks[own])
                    _take_finished(results, ready)
            yield from ready.pop(index)
        finished = True
    finally:
        _stop(claimed, len(chunks), processes, finished)


def _claim(claimed: Synchronized[int], total: int) -> int | None:
    """Claim the next chunk index, or return None when every chunk is claimed."""
    with claimed.get_lock():
        index = claimed.value
        if index >= total:
            return None
        claimed.value = index + 1
        return index


def _take_finished(
    results: multiprocessing.Queue[tuple[int, list[Result] | BaseException]],
    ready: dict[int, list[Result]],
) -> None:
    """Store every chunk the workers have already sent, without waiting."""
    while True:
        try:
            _store(results.get_nowait(), ready)
        except queue.Empty:
            return


def _receive(
    results: multiprocessing.Queue[tuple[int, list[Result] | BaseException]],
    processes: Sequence[multiprocessing.process.BaseProcess],
    ready: dict[int, list[Result]],
) -> None:
    """Wait for one chunk from a worker and store it; re-raise a worker's error."""
    while True:
        try:
            message = results.get(timeout=POLL_SECONDS)
            break
        except queue.Empty:
            if any(process.exitcode not in (None, 0) for process in processes):
                raise LabelError("a label layout worker process died") from None
    _store(message, ready)


def _store(
    message: tuple[int, list[Result] | BaseException], ready: dict[int, list[Result]]
) -> None:
    """Keep a worker's chunk, or raise the error it sent instead."""
    index, outcome = message
    if isinstance(outcome, BaseException):
        raise outcome
    ready[index] = outcome


def _stop(
    claimed: Synchronized[int],
    total: int,
    processes: Sequence[multiprocessing.process.BaseProcess],
    finished: bool,
) -> None:
    """Let workers run out of chunks (or stop them if the caller gave up) and reap them."""
    with claimed.get_lock():
        claimed.value = total
    for process in processes:
        if not finished:
            process.terminate()
        process.join()


def _work_loop(
    work: Callable[[Item], list[Result]],
    chunks: Sequence[Item],
    claimed: Synchronized[int],
    results: multiprocessing.Queue[tuple[int, list[Result] | BaseException]],
) -> None:
    """Claim and process chunks until none are left (runs in a worker)."""
    while (index := _claim(claimed, len(chunks))) is not None:
        try:
            results.put((index, work(chunks[index])))
        except Exception as error:  # sent back to be raised in the parent
            results.put((index, error))
            return
