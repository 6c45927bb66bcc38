"""A label shows what LabelData holds and nothing else: no NIK, no birth date."""

import base64
import random
import re
import unicodedata
from dataclasses import astuple, dataclass
from datetime import date

import pytest

from labels import LabelCaptions, LabelData, render_pdf, render_zpl
from tests.labels.zpl_fields import unescape

CAPTIONS = {word for caption in astuple(LabelCaptions()) for word in caption.split()}
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


@dataclass(frozen=True)
class Holder:
    """A document holder, as the population register knows them."""

    name: str
    nik: str
    birth_date: date


HOLDERS = [
    Holder("Siti Rahmawati", "1802054712850003", date(1985, 12, 7)),
    Holder("Ḥasan Basri", "1802051503900001", date(1990, 3, 15)),
    Holder("Nguyễn Thị Ánh", "1802116808970002", date(1997, 8, 28)),
    Holder("Made Wirawan", "1802132901780004", date(1978, 1, 29)),
]


def secret_forms(holder: Holder) -> list[str]:
    """Return the ways a holder's NIK or birth date could show up in printed text."""
    born = holder.birth_date
    day, month, year = f"{born.day:02d}", f"{born.month:02d}", str(born.year)
    return [
        holder.nik,
        holder.nik[6:12],  # the NIK's birth date part, women's day plus 40
        f"{day}-{month}-{year}",
        f"{day}/{month}/{year}",
        f"{year}-{month}-{day}",
        f"{day}{month}{year}",
        f"{day}{month}{year[2:]}",
        f"{born.day} {MONTHS[born.month - 1]} {year}",
    ]


@pytest.fixture
def holder_labels() -> list[LabelData]:
    """Return one label per holder, built only from what may be printed."""
    rng = random.Random(99)
    labels = []
    for number, holder in enumerate(HOLDERS):
        token = base64.urlsafe_b64encode(rng.randbytes(24)).decode()
        labels.append(
            LabelData(
                tracking_code=f"AN-{rng.randrange(16**4):04X}-{rng.randrange(16**4):04X}",
                qr_url=f"https://antar.example/p/{token}",
                recipient_name=holder.name,
                address_lines=[
                    f"Jl. Melati No. {number + 3}",
                    "RT 002 / RW 004",
                    "Desa Poncowati",
                    "Kecamatan Terbanggi Besar",
                    "Kabupaten Lampung Tengah",
                    "Lampung 34163",
                ],
                phone=f"+62 813-{rng.randint(2000, 2999)}-{rng.randint(6000, 6999)}",
                sender_name="Disdukcapil Kabupaten Lampung Tengah",
                return_address_lines=["Jl. Negara No. 1, Gunung Sugih", "Lampung Tengah 34161"],
                service_line="Dokumen kependudukan · 2 dokumen",
            )
        )
    for label, holder in zip(labels, HOLDERS, strict=True):
        data = _digits(" ".join(_fields(label)))
        assert not any(_digits(form) in data for form in secret_forms(holder)[:2]), "bad fixture"
    return labels


@pytest.mark.parametrize("layout", ["4x6", "a4"])
def test_pdf_labels_leak_no_nik_or_birth_date(layout, holder_labels, page_texts):
    pdf = render_pdf(holder_labels, layout=layout)
    text = unicodedata.normalize("NFC", "\n".join(page_texts(pdf)))
    for holder in HOLDERS:
        for form in secret_forms(holder):
            assert form not in text
            assert form.encode() not in pdf
        assert holder.nik[6:12] not in _digits(text)


@pytest.mark.parametrize("layout", ["4x6", "a4"])
def test_pdf_labels_print_only_label_data_and_captions(layout, holder_labels, page_texts):
    pdf = render_pdf(holder_labels, layout=layout)
    allowed = CAPTIONS | {word for label in holder_labels for word in _words(_fields(label))}
    printed = set(_words(page_texts(pdf)))
    assert printed <= allowed, f"printed but not in LabelData: {printed - allowed}"


def test_zpl_leaks_no_nik_or_birth_date_and_prints_only_label_data(holder_labels):
    zpl = render_zpl(holder_labels)
    fields = [unescape(data) for data in re.findall(r"\^FD(.*?)\^FS", zpl)]
    text = "\n".join(fields)
    for holder in HOLDERS:
        for form in secret_forms(holder):
            assert form not in text
        assert holder.nik[6:12] not in _digits(text.replace("https://", ""))
    allowed = CAPTIONS | {word for label in holder_labels for word in _words(_fields(label))}
    qr_fields = {f"MM,B{len(label.qr_url):04d}{label.qr_url}" for label in holder_labels}
    printed = set(_words(field for field in fields if field not in qr_fields))
    assert printed <= allowed, f"printed but not in LabelData: {printed - allowed}"


def _fields(label: LabelData) -> list[str]:
    """Return every text a label may print."""
    return [
        label.tracking_code,
        label.recipient_name,
        *label.address_lines,
        label.phone,
        label.sender_name,
        *label.return_address_lines,
        label.service_line,
    ]


def _words(texts) -> list[str]:
    """Return the words of several texts, composed."""
    return unicodedata.normalize("NFC", " ".join(texts)).split()


def _digits(text: str) -> str:
    """Return only the digits of `text`, as a scanner of printed numbers would see them."""
    return "".join(char for char in text if char.isdigit())
