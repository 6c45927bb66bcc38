"""Every QR code and barcode printed on a label scans back to exactly what it should."""

import math

MM_AT_300_DPI = 300 / 25.4


def test_every_4x6_page_scans_to_its_own_url_and_tracking_code(
    pdf_4x6, label_batch, rasterize, decode
):
    pages = list(rasterize(pdf_4x6))
    assert len(pages) == len(label_batch)
    for label, page in zip(label_batch, pages, strict=True):
        found = {(code.format, code.text) for code in decode(page)}
        assert found == {("QR", label.qr_url), ("Code128", label.tracking_code)}


def test_a4_sheets_carry_four_labels_whose_codes_match_up(pdf_a4, label_batch, rasterize, decode):
    pages = list(rasterize(pdf_a4))
    assert len(pages) == math.ceil(len(label_batch) / 4)
    for page_number, page in enumerate(pages):
        expected = label_batch[page_number * 4 : page_number * 4 + 4]
        by_slot: dict[int, dict[str, str]] = {}
        for code in decode(page):
            slot = _slot(code.centre, page.size)
            assert code.format not in by_slot.setdefault(slot, {}), "two codes of a kind in a slot"
            by_slot[slot][code.format] = code.text
        assert by_slot == {
            slot: {"QR": label.qr_url, "Code128": label.tracking_code}
            for slot, label in enumerate(expected)
        }


def test_qr_codes_are_level_m_or_better_at_least_25_mm_with_a_blank_quiet_zone(
    pdf_4x6, rasterize, decode
):
    page = next(iter(rasterize(pdf_4x6)))
    (qr,) = [code for code in decode(page) if code.format == "QR"]
    assert qr.ec_level in {"M", "Q", "H"}
    assert qr.width >= 25 * MM_AT_300_DPI
    module = qr.width / (17 + 4 * int(qr.version))
    half = qr.width / 2 + 0.5 * module
    quiet = 4 * module
    x, y = qr.centre
    ring = page.crop(
        (
            round(x - half - quiet),
            round(y - half - quiet),
            round(x + half + quiet),
            round(y + half + quiet),
        )
    )
    inner = (round(quiet), round(quiet), round(quiet + 2 * half), round(quiet + 2 * half))
    ring.paste(255, inner)
    assert ring.getextrema() == (255, 255), "something is printed in the quiet zone"


def _slot(centre: tuple[float, float], page_size: tuple[int, int]) -> int:
    """Return which quarter of an A4 page (reading order) a point lies in."""
    column = 0 if centre[0] < page_size[0] / 2 else 1
    row = 0 if centre[1] < page_size[1] / 2 else 1
    return row * 2 + column
