"""Whatever code logs, a NIK or KK number never reaches the log line."""

import logging
import re


def test_population_numbers_are_masked_in_any_logger(app, caplog):
    nik = "1805015705900074"
    logging.getLogger("delivery.somewhere.deep").warning("holder %s refused", nik)
    logging.getLogger("a.library").error(f"row with kk {nik}1 and {nik}")
    assert "holder ################ refused" in caplog.text
    assert f"row with kk {nik}1 and ################" in caplog.text  # 17 digits are no NIK
    assert re.search(r"(?<!\d)\d{16}(?!\d)", caplog.text) is None
