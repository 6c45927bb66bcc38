"""Fixtures for the labels tests: a varied batch, rendered once, and ways to read it back."""

import base64
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from labels import LabelData, render_pdf
from labels import prepare as label_prepare

NON_LATIN1_NAMES = ["Ḥasan Basri", "Nguyễn Thị Ánh", "Ṣāliḥ bin ʿAbdullāh", "Đặng Văn Lâm"]
GIVEN_NAMES = ["Siti", "Made", "Yohanes", "Dewi", "Ketut", "Rahmat", "Wayan", "Maria"]
FAMILY_NAMES = ["Rahmawati", "Wirawan", "Manurung", "Lestari", "Simanjuntak", "Sitompul"]
VILLAGES = ["Bandar Jaya Timur", "Gunung Sugih Raya", "Poncowati", "Seputih Jaya", "Yukum Jaya"]
LONG_NAME = (
    "Raden Mas Muhammad Abdurrahman Wicaksono Hadiningrat Kusumawardhana "
    "Prawiranegara Suryodiningrat"
)
LONG_STREET = (
    "Jalan Lintas Sumatera Kilometer Seratus Dua Puluh Tujuh, Gang Mawar Merah Nomor "
    "Empat Belas, Perumahan Griya Asri Blok C Nomor Tujuh, di belakang Masjid Al-Ikhlas"
)
SENDER = "Disdukcapil Kabupaten Lampung Tengah"
RETURN_ADDRESS = ["Jl. Negara No. 1, Gunung Sugih", "Lampung Tengah, Lampung 34161"]


@dataclass(frozen=True)
class Decoded:
    """One barcode found in an image: its symbology, text, centre and size in pixels."""

    format: str
    text: str
    centre: tuple[float, float]
    width: float
    version: str | None
    ec_level: str


@dataclass(frozen=True)
class SampleTexts:
    """The unusual texts the batch is built around."""

    long_name: str = LONG_NAME
    long_street: str = LONG_STREET
    non_latin1_names: tuple[str, ...] = tuple(NON_LATIN1_NAMES)


@pytest.fixture(scope="session")
def sample_texts() -> SampleTexts:
    """Return the long and non-Latin-1 texts found in the batch."""
    return SampleTexts()


@pytest.fixture(scope="session")
def label_batch() -> list[LabelData]:
    """Return 120 labels: ordinary, very long and non-Latin-1 names and addresses."""
    rng = random.Random(20261123)
    return [_batch_label(index, rng) for index in range(120)]


@pytest.fixture
def make_label() -> Callable[..., LabelData]:
    """Return a factory for one ordinary label, with fields overridden by keyword."""

    def make(**overrides: object) -> LabelData:
        return replace(_batch_label(7, random.Random(7)), **overrides)

    return make


@pytest.fixture(scope="session")
def pdf_4x6(label_batch: list[LabelData]) -> bytes:
    """Render the batch on 4x6 pages, with layout worker processes taking part."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(label_prepare, "PARALLEL_MIN_LABELS", 20)
        return render_pdf(label_batch, layout="4x6", processes=2)


@pytest.fixture(scope="session")
def pdf_a4(label_batch: list[LabelData]) -> bytes:
    """Render the batch four to an A4 page."""
    return render_pdf(label_batch, layout="a4")


@pytest.fixture(scope="session")
def rasterize() -> Callable[..., Iterator[Image.Image]]:
    """Return a function that renders every page of a PDF at `dpi`."""

    def pages(pdf: bytes, dpi: int = 300) -> Iterator[Image.Image]:
        document = pypdfium2.PdfDocument(pdf)
        try:
            for page in document:
                yield page.render(scale=dpi / 72, grayscale=True).to_pil()
        finally:
            document.close()

    return pages


@pytest.fixture(scope="session")
def decode() -> Callable[[Image.Image], list[Decoded]]:
    """Return a function that finds every QR code and Code 128 barcode in an image."""

    def codes(image: Image.Image) -> list[Decoded]:
        formats = (zxingcpp.BarcodeFormat.QRCode, zxingcpp.BarcodeFormat.Code128)
        found = []
        for result in zxingcpp.read_barcodes(image, formats=formats):
            corners = [result.position.top_left, result.position.bottom_right]
            centre = ((corners[0].x + corners[1].x) / 2, (corners[0].y + corners[1].y) / 2)
            name = "QR" if result.format == zxingcpp.BarcodeFormat.QRCode else "Code128"
            version = (result.extra or {}).get("Version")
            width = abs(result.position.top_right.x - result.position.top_left.x)
            found.append(Decoded(name, result.text, centre, width, version, result.ec_level))
        return found

    return codes


@pytest.fixture(scope="session")
def page_texts() -> Callable[[bytes], list[str]]:
    """Return a function that extracts the text of every page of a PDF."""

    def texts(pdf: bytes) -> list[str]:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return [page.get_textpage().get_text_range() for page in document]
        finally:
            document.close()

    return texts


def _batch_label(index: int, rng: random.Random) -> LabelData:
    """Return label number `index`; every tenth has long text, every fourth a non-Latin-1 name."""
    if index % 4 == 1:
        name = NON_LATIN1_NAMES[index // 4 % len(NON_LATIN1_NAMES)]
    elif index % 10 == 3:
        name = LONG_NAME
    else:
        name = f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
    street = LONG_STREET if index % 10 == 5 else f"Jl. Merdeka No. {rng.randint(1, 300)}"
    village = rng.choice(VILLAGES)
    return LabelData(
        tracking_code=f"AN-{index:04d}-{rng.randrange(16**4):04X}",
        qr_url="https://antar.example/p/" + base64.urlsafe_b64encode(rng.randbytes(24)).decode(),
        recipient_name=name,
        address_lines=[
            street,
            f"RT {rng.randint(1, 20):03d} / RW {rng.randint(1, 12):03d}",
            f"Desa {village}",
            "Kecamatan Terbanggi Besar",
            "Kabupaten Lampung Tengah",
            f"Lampung {rng.randint(34111, 34199)}",
        ],
        phone=f"+62 812-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
        sender_name=SENDER,
        return_address_lines=RETURN_ADDRESS,
        service_line=f"Dokumen kependudukan · {rng.randint(1, 4)} dokumen",
    )
