"""Large batches are laid out on several processes, with the same result as one."""

import pytest

from labels import InvalidLabelError, render_pdf
from labels import prepare as label_prepare


@pytest.fixture
def parallel_from_ten_labels(monkeypatch):
    """Let batches of ten labels or more use worker processes."""
    monkeypatch.setattr(label_prepare, "PARALLEL_MIN_LABELS", 10)
    monkeypatch.setattr(label_prepare, "CHUNK_SIZE", 4)


def test_worker_processes_give_the_same_pages_as_one_process(
    parallel_from_ten_labels, monkeypatch, label_batch, page_texts
):
    batch = label_batch[:40]
    monkeypatch.setenv(label_prepare.PROCESSES_ENV_VAR, "1")
    alone = page_texts(render_pdf(batch))
    monkeypatch.setenv(label_prepare.PROCESSES_ENV_VAR, "3")
    assert label_prepare.worker_count(len(batch)) == 2
    shared = page_texts(render_pdf(batch))
    assert shared == alone


def test_a_bad_label_in_a_worker_is_reported_with_its_field(
    parallel_from_ten_labels, monkeypatch, label_batch, make_label
):
    monkeypatch.setenv(label_prepare.PROCESSES_ENV_VAR, "2")
    batch = [*label_batch[:30], make_label(tracking_code="AN-Ω-0001"), *label_batch[30:40]]
    with pytest.raises(InvalidLabelError) as caught:
        render_pdf(batch)
    assert caught.value.field == "tracking_code"


def test_a_process_count_that_is_not_a_number_is_refused(monkeypatch):
    monkeypatch.setenv(label_prepare.PROCESSES_ENV_VAR, "many")
    with pytest.raises(ValueError, match="ANTAR_LABEL_PROCESSES"):
        label_prepare.worker_count(1000)
