"""Keep population numbers (NIK, KK number) out of log lines, whoever logs them and however."""

import logging
import re

SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")
MASK = "#" * 16


def mask_population_numbers(record: logging.LogRecord) -> logging.LogRecord:
    """Replace any 16-digit run in the record's final message with a mask."""
    message = record.getMessage()
    masked = SIXTEEN_DIGITS.sub(MASK, message)
    if masked != message:
        record.msg, record.args = masked, None
    return record


def install_population_number_filter() -> None:
    """Mask every log record as it is made, for every logger and handler (once per process)."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "masks_population_numbers", False):
        return

    def make_masked_record(*args, **kwargs) -> logging.LogRecord:
        return mask_population_numbers(make_record(*args, **kwargs))

    make_masked_record.masks_population_numbers = True
    logging.setLogRecordFactory(make_masked_record)
