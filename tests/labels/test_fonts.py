"""The label font is the style's, or found at run time; a missing one is reported helpfully."""

from pathlib import Path

import pytest

from labels import FontNotFoundError, LabelStyle, render_pdf, render_png, render_zpl
from labels import fonts as label_fonts

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_dejavu = pytest.mark.skipif(not DEJAVU.is_file(), reason="fonts-dejavu-core not installed")


def test_by_default_the_font_comes_from_the_fontpkg_noto_sans_package():
    path = label_fonts.find_font_path()
    assert "fontpkg_noto_sans" in path.parts
    assert path.suffix == ".ttf"


@needs_dejavu
def test_the_style_chooses_the_font(make_label, page_texts):
    pdf = render_pdf([make_label(recipient_name="Ḥasan Basri")], style=LabelStyle(font=DEJAVU))
    assert b"DejaVuSans" in pdf
    assert "Ḥasan Basri" in page_texts(pdf)[0]


@needs_dejavu
def test_without_the_pypi_font_a_debian_font_is_used(monkeypatch, make_label, page_texts):
    monkeypatch.setattr(label_fonts, "_pypi_font_path", lambda: None)
    assert label_fonts.find_font_path().parent.parent == Path("/usr/share/fonts/truetype")
    pdf = render_pdf([make_label(recipient_name="Nguyễn Thị Ánh")])
    assert "Nguyễn Thị Ánh" in page_texts(pdf)[0]


@pytest.mark.parametrize(
    "render", [render_png, lambda label, style: render_zpl([label], style=style)]
)
def test_a_style_font_that_does_not_exist_is_reported(make_label, tmp_path, render):
    style = LabelStyle(font=tmp_path / "NoSuchFont.ttf")
    with pytest.raises(FontNotFoundError, match="NoSuchFont.ttf"):
        render(make_label(), style=style)


def test_a_file_that_is_no_font_is_reported(make_label, tmp_path):
    not_a_font = tmp_path / "label.ttf"
    not_a_font.write_bytes(b"this is not a TrueType font")
    with pytest.raises(FontNotFoundError, match="cannot be used"):
        render_pdf([make_label()], style=LabelStyle(font=str(not_a_font)))


def test_without_any_font_the_error_says_what_to_install(monkeypatch, make_label):
    monkeypatch.setattr(label_fonts, "_pypi_font_path", lambda: None)
    monkeypatch.setattr(label_fonts, "DEBIAN_FONT_PATHS", ())
    with pytest.raises(FontNotFoundError) as caught:
        render_pdf([make_label()])
    message = str(caught.value)
    assert "fontpkg-noto-sans" in message
    assert "fonts-dejavu-core" in message
    assert "style's font" in message
