"""A logging filter that keeps population numbers out of log lines, whatever the caller wrote."""

import logging
import re

SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")


class PopulationNumberFilter(logging.Filter):
    """Mask any 16-digit run (NIK, KK number) in a log record's final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = SIXTEEN_DIGITS.sub("################", message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install_population_number_filter() -> None:
    """Attach the filter to every handler of the root logger, and to new records' path."""
    number_filter = PopulationNumberFilter()
    root = logging.getLogger()
    for handler in root.handlers:
        handler.addFilter(number_filter)
    logging.getLogger("delivery").addFilter(number_filter)
    logging.getLogger("werkzeug").addFilter(number_filter)
