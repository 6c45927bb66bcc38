"""A single label as a PNG, for previews and printers that take images."""

import io

import pytest
from PIL import Image, ImageChops

from labels import InvalidLabelError, render_png


@pytest.mark.parametrize("dpi", [203, 300])
def test_png_label_is_100_by_150_mm_and_scans(make_label, decode, dpi):
    label = make_label(recipient_name="Nguyễn Thị Ánh")
    image = Image.open(io.BytesIO(render_png(label, dpi=dpi)))
    assert image.format == "PNG"
    assert image.size == (round(100 / 25.4 * dpi), round(150 / 25.4 * dpi))
    assert round(image.info["dpi"][0]) == dpi
    found = {(code.format, code.text) for code in decode(image)}
    assert found == {("QR", label.qr_url), ("Code128", label.tracking_code)}


def test_long_text_stays_inside_the_margins_of_the_image(make_label, sample_texts):
    label = make_label(
        recipient_name=sample_texts.long_name,
        address_lines=[
            sample_texts.long_street,
            "RT 003 / RW 011",
            "Desa Bandar Jaya Timur",
            "Kecamatan Terbanggi Besar",
            "Kabupaten Lampung Tengah",
            "Lampung 34163",
        ],
        service_line="Dokumen kependudukan · KTP-el, Kartu Keluarga, Akta Kelahiran · 3 dokumen",
    )
    image = Image.open(io.BytesIO(render_png(label, dpi=300)))
    border = round(3 / 25.4 * 300)
    inside = Image.new("L", image.size, 255)
    inside.paste(
        image.crop((border, border, image.width - border, image.height - border)), (border, border)
    )
    assert ImageChops.difference(image, inside).getbbox() is None, "ink within 3 mm of the edge"


@pytest.mark.parametrize("dpi", [0, 50, 5000])
def test_an_unusable_resolution_is_refused(make_label, dpi):
    with pytest.raises(InvalidLabelError) as caught:
        render_png(make_label(), dpi=dpi)
    assert caught.value.field == "dpi"
