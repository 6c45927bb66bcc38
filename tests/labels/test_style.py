"""The caller's style decides every word, the font's source and the metadata; nothing else does."""

import pypdfium2
import pytest

from labels import (
    InvalidLabelError,
    LabelCaptions,
    LabelStyle,
    PdfMetadata,
    render_pdf,
    render_png,
    render_zpl,
)
from tests.labels.zpl_fields import text_fields

OFFICE_STYLE = LabelStyle(
    language="id",
    captions=LabelCaptions(
        sender="PENGIRIM", recipient="PENERIMA", phone="Telp.", tracking_code="KODE PELACAKAN"
    ),
    metadata=PdfMetadata(
        title="Label paket", author="Disdukcapil Lampung Tengah", creator="Kantor", subject="Paket"
    ),
)


def test_by_default_labels_speak_plain_english_and_name_no_application(make_label, page_texts):
    label = make_label()
    pdf = render_pdf([label])
    text = page_texts(pdf)[0].splitlines()
    assert {"FROM", "TO", "TRACKING CODE", f"Phone: {label.phone}"} <= set(text)
    assert {"FROM", "TO", "TRACKING CODE"} <= set(text_fields(render_zpl([label])))
    document = pypdfium2.PdfDocument(pdf)
    metadata = document.get_metadata_dict()
    document.close()
    assert metadata["Title"] == "Parcel labels"
    assert "antar" not in " ".join(metadata.values()).lower()
    assert b"/Lang (en)" in pdf


def test_captions_language_and_metadata_come_from_the_style(make_label, page_texts):
    label = make_label()
    pdf = render_pdf([label], style=OFFICE_STYLE)
    text = page_texts(pdf)[0].splitlines()
    assert {"PENGIRIM", "PENERIMA", "KODE PELACAKAN", f"Telp. {label.phone}"} <= set(text)
    assert not {"FROM", "TO", "TRACKING CODE"} & set(text)
    zpl = text_fields(render_zpl([label], style=OFFICE_STYLE))
    assert {"PENGIRIM", "PENERIMA", "KODE PELACAKAN", f"Telp. {label.phone}"} <= set(zpl)
    document = pypdfium2.PdfDocument(pdf)
    metadata = document.get_metadata_dict()
    document.close()
    assert (metadata["Title"], metadata["Author"]) == ("Label paket", "Disdukcapil Lampung Tengah")
    assert (metadata["Creator"], metadata["Subject"]) == ("Kantor", "Paket")
    assert b"/Lang (id)" in pdf


def test_the_environment_changes_nothing(monkeypatch, make_label, tmp_path, page_texts):
    monkeypatch.setenv("ANTAR_LABEL_FONT", str(tmp_path / "absent.ttf"))
    monkeypatch.setenv("ANTAR_LABEL_PROCESSES", "many")
    label = make_label()
    assert label.recipient_name in page_texts(render_pdf([label]))[0]
    assert render_png(label).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("captions", "field"),
    [
        (LabelCaptions(sender="PENGIRIM " * 30), "captions.sender"),
        (LabelCaptions(tracking_code="追踪码"), "captions.tracking_code"),
        (LabelCaptions(phone="電話"), "captions.phone"),
    ],
)
def test_a_caption_that_cannot_be_printed_is_refused_naming_it(make_label, captions, field):
    for render in (render_pdf, render_zpl):
        with pytest.raises(InvalidLabelError) as caught:
            render([make_label()], style=LabelStyle(captions=captions))
        assert caught.value.field == field
