"""What a person reads on the label: every name and address, in full, on the label."""

import unicodedata

import pypdfium2
import pytest

from labels import InvalidLabelError, LabelCaptions, render_pdf
from labels.layout import MM


def _words(text: str) -> list[str]:
    """Return the words of `text`, composed as the label prints them."""
    return unicodedata.normalize("NFC", text).split()


def _flat(text: str) -> str:
    """Return extracted text with line breaks as spaces, composed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def test_non_latin1_names_come_out_exactly_as_written(
    pdf_4x6, label_batch, page_texts, sample_texts
):
    texts = page_texts(pdf_4x6)
    for name in sample_texts.non_latin1_names:
        pages = [
            text
            for label, text in zip(label_batch, texts, strict=True)
            if label.recipient_name == name
        ]
        assert pages, f"the batch has no label for {name}"
        assert all(name in _flat(text) for text in pages)


@pytest.mark.parametrize("layout", ["4x6", "a4"])
def test_long_names_and_addresses_wrap_with_every_word_printed(
    layout, pdf_4x6, pdf_a4, label_batch, page_texts, sample_texts
):
    pdf = pdf_4x6 if layout == "4x6" else pdf_a4
    texts = page_texts(pdf)
    per_page = 1 if layout == "4x6" else 4
    long_labels = [
        (index, label)
        for index, label in enumerate(label_batch)
        if label.recipient_name == sample_texts.long_name
        or sample_texts.long_street in label.address_lines
    ]
    assert len(long_labels) >= 15
    for index, label in long_labels:
        printed = _flat(texts[index // per_page]).split()
        fields = [
            label.recipient_name,
            *label.address_lines,
            label.phone,
            label.sender_name,
            *label.return_address_lines,
            label.service_line,
            label.tracking_code,
        ]
        for field in fields:
            missing = [word for word in _words(field) if word not in printed]
            assert not missing, f"label {index}: {missing} not printed"


def test_long_lines_are_broken_between_words(make_label, page_texts, sample_texts):
    street = sample_texts.long_street
    pdf = render_pdf([make_label(address_lines=[street, "Lampung 34163"])])
    lines = page_texts(pdf)[0].splitlines()
    street_lines = [line for line in lines if line and line in street]
    assert len(street_lines) >= 2, "the long street is not wrapped"
    assert " ".join(street_lines) == street


@pytest.mark.parametrize("layout", ["4x6", "a4"])
def test_no_character_is_drawn_outside_its_label(layout, pdf_4x6, pdf_a4):
    pdf = pdf_4x6 if layout == "4x6" else pdf_a4
    document = pypdfium2.PdfDocument(pdf)
    checked = 0
    for page in document:
        labels = _label_rectangles(layout, page.get_size())
        text_page = page.get_textpage()
        for index in range(text_page.count_chars()):
            char = text_page.get_text_range(index, 1)
            if char.isspace():
                continue
            left, bottom, right, top = text_page.get_charbox(index)
            assert any(
                x0 <= left and right <= x1 and y0 <= bottom and top <= y1
                for x0, y0, x1, y1 in labels
            ), f"{char!r} at {(left, bottom, right, top)} sticks out of its label"
            checked += 1
    document.close()
    assert checked > 10_000


def test_a_label_whose_address_cannot_fit_is_refused_naming_the_field(make_label):
    endless = ["Jalan Yang Tidak Pernah Berakhir Nomor Sembilan Puluh Sembilan"] * 40
    with pytest.raises(InvalidLabelError, match="address_lines") as caught:
        render_pdf([make_label(address_lines=endless)])
    assert "address_lines" in caught.value.field


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"tracking_code": "AN-ÄÖÜ-0001"}, "tracking_code"),
        ({"tracking_code": "AN-" + "7K3M-Q9PX-" * 6}, "tracking_code"),
        ({"qr_url": "https://antar.example/p/has space"}, "qr_url"),
        ({"qr_url": "https://antar.example/p/" + "x" * 400}, "qr_url"),
        ({"recipient_name": "  "}, "recipient_name"),
        ({"recipient_name": "王小明"}, "recipient_name"),
    ],
)
def test_a_label_that_cannot_be_printed_correctly_is_refused(make_label, overrides, field):
    with pytest.raises(InvalidLabelError) as caught:
        render_pdf([make_label(**overrides)])
    assert caught.value.field == field


def test_an_unknown_layout_or_an_empty_batch_is_refused(make_label):
    with pytest.raises(InvalidLabelError, match="a4") as caught:
        render_pdf([make_label()], layout="letter")
    assert caught.value.field == "layout"
    with pytest.raises(InvalidLabelError, match="no labels"):
        render_pdf([])


def _label_rectangles(layout: str, page_size: tuple[float, float]) -> list[tuple[float, ...]]:
    """Return the label rectangles on a page as (left, bottom, right, top) in points."""
    if layout == "4x6":
        return [(0.0, 0.0, *page_size)]
    width, height = 96 * MM, 140 * MM
    cell_width, cell_height = page_size[0] / 2, page_size[1] / 2
    rectangles = []
    for column in (0, 1):
        for row in (0, 1):
            left = column * cell_width + (cell_width - width) / 2
            bottom = row * cell_height + (cell_height - height) / 2
            rectangles.append((left, bottom, left + width, bottom + height))
    return rectangles


@pytest.mark.parametrize("layout", ["4x6", "a4"])
def test_each_label_shows_its_own_office_in_a_mixed_batch(layout, make_label, page_texts):
    offices = [
        ("Disdukcapil Kabupaten Lampung Tengah", ["Jl. Negara No. 1, Gunung Sugih"]),
        ("Disdukcapil Kota Metro", ["Jl. AH Nasution No. 7, Metro Pusat"]),
    ]
    batch = [
        make_label(
            sender_name=offices[number % 3 == 0][0],
            return_address_lines=offices[number % 3 == 0][1],
            tracking_code=f"AN-0000-{number:04d}",
        )
        for number in range(8)
    ]
    texts = page_texts(render_pdf(batch, layout=layout))
    per_page = 1 if layout == "4x6" else 4
    for number, label in enumerate(batch):
        page = texts[number // per_page]
        blocks = page.split(LabelCaptions().sender)[1:]
        (block,) = [block for block in blocks if label.tracking_code in block]
        assert label.sender_name in block
        assert label.return_address_lines[0] in block
        other = offices[number % 3 != 0][0]
        assert other not in block
