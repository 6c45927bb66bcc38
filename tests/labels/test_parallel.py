"""Large batches are laid out on several processes, with the same result as one."""

import json
import subprocess
import sys
import threading
from dataclasses import asdict

import pytest

from labels import InvalidLabelError, render_pdf
from labels import prepare as label_prepare


@pytest.fixture
def parallel_from_ten_labels(monkeypatch):
    """Let batches of ten labels or more use worker processes."""
    monkeypatch.setattr(label_prepare, "PARALLEL_MIN_LABELS", 10)
    monkeypatch.setattr(label_prepare, "CHUNK_SIZE", 4)


RENDER_BOTH_WAYS = """
import json, sys
from labels import LabelData, render_pdf
from labels import prepare
prepare.PARALLEL_MIN_LABELS, prepare.CHUNK_SIZE = 10, 4
batch = [LabelData(**fields) for fields in json.load(open(sys.argv[1]))]
open(sys.argv[2], "wb").write(render_pdf(batch, processes=1))
print(prepare.worker_count(len(batch), 3))
open(sys.argv[3], "wb").write(render_pdf(batch, processes=3))
"""


def test_worker_processes_give_the_same_pages_as_one_process(label_batch, page_texts, tmp_path):
    # A fresh, single-threaded interpreter: forking is refused while other threads run.
    batch = label_batch[:40]
    (tmp_path / "batch.json").write_text(json.dumps([asdict(label) for label in batch]))
    alone, shared = tmp_path / "alone.pdf", tmp_path / "shared.pdf"
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            RENDER_BOTH_WAYS,
            str(tmp_path / "batch.json"),
            str(alone),
            str(shared),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip() == "2"
    assert page_texts(shared.read_bytes()) == page_texts(alone.read_bytes())


def test_no_process_is_forked_while_other_threads_run(parallel_from_ten_labels):
    started = threading.Event()
    stop = threading.Event()
    thread = threading.Thread(target=lambda: (started.set(), stop.wait()))
    thread.start()
    started.wait()
    try:
        assert label_prepare.worker_count(40, 3) == 0
    finally:
        stop.set()
        thread.join()


def test_a_bad_label_in_a_worker_is_reported_with_its_field(
    parallel_from_ten_labels, label_batch, make_label
):
    batch = [*label_batch[:30], make_label(tracking_code="AN-Ω-0001"), *label_batch[30:40]]
    with pytest.raises(InvalidLabelError) as caught:
        render_pdf(batch, processes=2)
    assert caught.value.field == "tracking_code"


@pytest.mark.parametrize("processes", [0, -2, 1.5, "2", True])
def test_a_process_count_that_is_not_a_whole_number_of_at_least_one_is_refused(
    processes, label_batch
):
    with pytest.raises(InvalidLabelError) as caught:
        render_pdf(label_batch[:1], processes=processes)
    assert caught.value.field == "processes"
