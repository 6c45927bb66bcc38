"""Benchmark label PDF rendering against a naive reference, and check the QR codes decode.

Run from the repository root:  .venv/bin/python bench/bench_labels.py [--labels 1000]

The naive reference lays out the same labels with the same layout code and draws them
the straightforward way, in this one process: one `qrcode.QRCode` per label with
automatic version (fit=True) and mask choice, one rectangle per dark module, reportlab's
Code128 widget per label, `drawString` per line, the office block redrawn on every page.
A second reference ("real drawing, naive QR") changes only the QR code: the real drawing
code in one process, with naive QR encoding and one rectangle per dark module.
"ZPL, one process" turns the same batch's descriptions into ZPL for Zebra printers.
"""

import argparse
import base64
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pypdfium2
import qrcode
import zxingcpp
from qrcode.constants import ERROR_CORRECT_M
from reportlab.graphics.barcode.code128 import Code128
from reportlab.pdfgen.canvas import Canvas

from labels import LabelData, LabelStyle, render_pdf, render_zpl
from labels.fonts import BOLD_STROKE_EM, label_font
from labels.layout import RULE_THICKNESS, BarBlock, Item, QrBlock, Rule, TextRun, layout_label
from labels.pdf_painter import PdfPainter
from labels.sheets import sheet_for

STYLE = LabelStyle()

FIRST_NAMES = ["Siti", "Ḥasan", "Nguyễn Thị", "Ṣāliḥ", "Made", "Yohanes", "Dewi", "Ketut"]
LAST_NAMES = ["Rahmawati", "Basri", "Ánh", "bin Abdullah", "Wirawan", "Manurung", "Lestari"]
VILLAGES = ["Bandar Jaya Timur", "Gunung Sugih Raya", "Poncowati", "Seputih Jaya", "Yukum Jaya"]
DISTRICTS = ["Terbanggi Besar", "Gunung Sugih", "Seputih Mataram", "Bandar Mataram"]


def make_labels(count: int, seed: int = 7) -> list[LabelData]:
    """Return `count` varied labels with random 192-bit URL tokens."""
    rng = random.Random(seed)
    return [_make_label(index, rng) for index in range(count)]


def _make_label(index: int, rng: random.Random) -> LabelData:
    """Return one plausible label."""
    token = base64.urlsafe_b64encode(rng.randbytes(24)).decode()
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    street = f"Jl. {rng.choice(VILLAGES)} No. {rng.randint(1, 250)}"
    return LabelData(
        tracking_code=f"AN-{index:04X}-{rng.randrange(36**4):04X}"[:12],
        qr_url=f"https://antar.example/p/{token}",
        recipient_name=" ".join([name] * (2 if index % 10 == 0 else 1)),
        address_lines=[
            street,
            f"RT {rng.randint(1, 20):03d} / RW {rng.randint(1, 12):03d}",
            f"Desa {rng.choice(VILLAGES)}",
            f"Kecamatan {rng.choice(DISTRICTS)}",
            "Kabupaten Lampung Tengah",
            f"Lampung {rng.randint(34100, 34199)}",
        ],
        phone=f"+62 812-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
        sender_name="Disdukcapil Kabupaten Lampung Tengah",
        return_address_lines=["Jl. Negara No. 1, Gunung Sugih", "Lampung Tengah 34161"],
        service_line=f"Dokumen kependudukan · {rng.randint(1, 4)} dokumen",
    )


def draw_naive_qr(canvas: Canvas, qr: QrBlock) -> None:
    """Encode with automatic version and mask, and draw one rectangle per dark module."""
    symbol = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
    symbol.add_data(qr.url)
    symbol.make(fit=True)
    modules = symbol.get_matrix()
    module = qr.width / len(modules)
    for row, line in enumerate(modules):
        for column, dark in enumerate(line):
            if dark:
                x, y = qr.x + column * module, qr.y + qr.width - (row + 1) * module
                canvas.rect(x, y, module, module, stroke=0, fill=1)


def draw_naive_item(canvas: Canvas, item: Item, font_name: str) -> None:
    """Draw one layout item with reportlab's ordinary canvas calls."""
    if isinstance(item, TextRun):
        canvas.setFont(font_name, item.size)
        canvas.setLineWidth(item.size * BOLD_STROKE_EM)
        canvas.drawString(item.x, item.y, item.text, mode=2 if item.bold else 0)
    elif isinstance(item, Rule):
        canvas.setLineWidth(RULE_THICKNESS)
        canvas.line(item.x, item.y, item.x + item.length, item.y)
    elif isinstance(item, QrBlock):
        draw_naive_qr(canvas, item)
    elif isinstance(item, BarBlock):
        symbol = Code128(item.value, barWidth=item.module, barHeight=item.height, quiet=0)
        symbol.drawOn(canvas, item.x, item.y)


def render_naive_pdf(labels: Sequence[LabelData]) -> bytes:
    """The naive reference: one process, ordinary canvas calls, naive QR codes."""
    size = sheet_for("4x6").label_size
    font_name = label_font(STYLE.font).name
    canvas = Canvas(os.devnull, pagesize=size, pageCompression=1)
    for label in labels:
        layout = layout_label(label, size, STYLE, encode_qr=False)
        for item in (*layout.static.items, *layout.items):
            draw_naive_item(canvas, item, font_name)
        canvas.showPage()
    return canvas.getpdfdata()


class NaiveQrPainter(PdfPainter):
    """The real painter, but drawing one rectangle per dark QR module."""

    def draw_qr(self, qr: QrBlock) -> None:
        """Encode and draw the QR code naively."""
        draw_naive_qr(self.canvas, qr)


def render_naive_qr_pdf(labels: Sequence[LabelData]) -> bytes:
    """The real drawing code in one process, with only the QR code done naively."""
    sheet = sheet_for("4x6")
    canvas = Canvas(os.devnull, pagesize=sheet.page_size, pageCompression=1)
    painter = NaiveQrPainter(canvas, STYLE)
    for label in labels:
        painter.paint_page([layout_label(label, sheet.label_size, STYLE, encode_qr=False)], sheet)
    return canvas.getpdfdata()


def best_times(
    contenders: dict[str, Callable[[], bytes]], rounds: int
) -> dict[str, tuple[float, bytes]]:
    """Return each contender's fastest time and output, rounds interleaved to share noise."""
    best: dict[str, tuple[float, bytes]] = {}
    for _ in range(rounds):
        for name, render in contenders.items():
            start = time.perf_counter()
            output = render()
            seconds = time.perf_counter() - start
            if name not in best or seconds < best[name][0]:
                best[name] = (seconds, output)
    return best


def decode_failures(pdf: bytes, labels: Sequence[LabelData], pages: Sequence[int]) -> list[str]:
    """Rasterize the pages at 300 dpi and return what failed to decode as expected."""
    document = pypdfium2.PdfDocument(pdf)
    failures = []
    for index in pages:
        image = document[index].render(scale=300 / 72).to_pil()
        found = {(hit.format, hit.text) for hit in zxingcpp.read_barcodes(image)}
        expected = {
            (zxingcpp.BarcodeFormat.QRCode, labels[index].qr_url),
            (zxingcpp.BarcodeFormat.Code128, labels[index].tracking_code),
        }
        if found != expected:
            failures.append(f"page {index + 1}: expected {expected}, decoded {found}")
    document.close()
    return failures


def main() -> int:
    """Run the benchmark and print the figures; exit 1 if a code fails to decode."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=int, default=1000, help="labels in the batch")
    parser.add_argument("--sample", type=int, default=100, help="pages to decode (0: all)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each; the best counts")
    args = parser.parse_args()
    labels = make_labels(args.labels)
    render_pdf(labels[:2])  # load the font once, for every contender alike
    print(f"{len(labels)} labels on 4x6 pages, {os.cpu_count()} cores, best of {args.rounds}")
    contenders = {
        "real": lambda: render_pdf(labels),
        "real, one process": lambda: render_pdf(labels, processes=1),
        "naive reference": lambda: render_naive_pdf(labels),
        "real drawing, naive QR": lambda: render_naive_qr_pdf(labels),
        "ZPL, one process": lambda: render_zpl(labels, processes=1).encode(),
    }
    results = best_times(contenders, args.rounds)
    rates = {name: len(labels) / seconds for name, (seconds, _) in results.items()}
    for name, (seconds, _) in results.items():
        print(f"{name:24} {rates[name]:8.1f} labels/s  ({seconds:.2f} s)")
    for name in ("naive reference", "real drawing, naive QR"):
        print(f"ratio real / {name}: {rates['real'] / rates[name]:.1f}x")
    count = len(labels) if args.sample <= 0 else min(args.sample, len(labels))
    pages = sorted(random.Random(1).sample(range(len(labels)), count))
    failures = decode_failures(results["real"][1], labels, pages)
    naive_failures = decode_failures(results["naive reference"][1], labels, pages[:5])
    failures += [f"naive {failure}" for failure in naive_failures]
    print(
        f"decode check (300 dpi, pypdfium2 + zxing-cpp): {count} pages of the real output "
        f"and {min(5, count)} of the naive, {len(failures)} failures"
    )
    for failure in failures:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
