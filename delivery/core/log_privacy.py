"""Keep population numbers (NIK, KK number) out of log lines, whoever logs them and however.

A record is masked as it is made, for every logger of the process (the app's, werkzeug's,
gunicorn's, RQ's): its message, the traceback a handler would print (exception text holds SQL
parameters, and PostgreSQL's "Failing row contains (...)") and its stack. What RQ stores about a
failed job goes through `mask_population_numbers` too (see delivery.core.jobs.worker).
"""

import logging
import re
import traceback

# 16 digits, also written in groups ("1802 0157 0590 0074", "1802-01-57…"), with no digit around
POPULATION_NUMBER = re.compile(r"(?<!\d)\d(?:[ .-]?\d){15}(?!\d)")
MASK = "#" * 16


def mask_population_numbers(text: str) -> str:
    """Replace every NIK or KK number in the text with a mask."""
    return POPULATION_NUMBER.sub(MASK, text)


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask the record's final message, and its traceback and stack when they hold a number."""
    try:
        message = record.getMessage()
    except (TypeError, ValueError, KeyError):  # arguments that do not fit: keep both, masked
        message, record.args = f"{record.msg} {record.args!r}", None
        record.msg = mask_population_numbers(message)
    masked = mask_population_numbers(message)
    if masked != message:
        record.msg, record.args = masked, None
    if record.exc_info and record.exc_info[1] is not None:
        printed = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if POPULATION_NUMBER.search(printed):
            # handlers print exc_text when it is set instead of formatting exc_info again
            record.exc_text = mask_population_numbers(printed)
    if record.stack_info:
        record.stack_info = mask_population_numbers(record.stack_info)
    return record


def install_population_number_filter() -> None:
    """Mask every log record as it is made, for every logger and handler (once per process)."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "masks_population_numbers", False):
        return

    def make_masked_record(*args, **kwargs) -> logging.LogRecord:
        return mask_record(make_record(*args, **kwargs))

    make_masked_record.masks_population_numbers = True
    logging.setLogRecordFactory(make_masked_record)
