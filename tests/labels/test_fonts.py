"""The label font is found at run time, and a missing one is reported helpfully."""

from pathlib import Path

import pytest

from labels import FontNotFoundError, render_pdf, render_png, set_label_font
from labels import fonts as label_fonts

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
needs_dejavu = pytest.mark.skipif(not DEJAVU.is_file(), reason="fonts-dejavu-core not installed")


def test_by_default_the_font_comes_from_the_fontpkg_noto_sans_package(monkeypatch):
    monkeypatch.delenv("ANTAR_LABEL_FONT", raising=False)
    path = label_fonts.find_font_path()
    assert "fontpkg_noto_sans" in path.parts
    assert path.suffix == ".ttf"


@needs_dejavu
def test_the_environment_variable_chooses_the_font(monkeypatch, make_label, page_texts):
    monkeypatch.setenv("ANTAR_LABEL_FONT", str(DEJAVU))
    pdf = render_pdf([make_label(recipient_name="Ḥasan Basri")])
    assert b"DejaVuSans" in pdf
    assert "Ḥasan Basri" in page_texts(pdf)[0]


@needs_dejavu
def test_a_font_set_in_code_wins_over_the_environment(monkeypatch, make_label, tmp_path):
    monkeypatch.setenv("ANTAR_LABEL_FONT", str(tmp_path / "absent.ttf"))
    set_label_font(DEJAVU)
    assert b"DejaVuSans" in render_pdf([make_label()])


@needs_dejavu
def test_without_the_pypi_font_a_debian_font_is_used(monkeypatch, make_label, page_texts):
    monkeypatch.delenv("ANTAR_LABEL_FONT", raising=False)
    monkeypatch.setattr(label_fonts, "_pypi_font_path", lambda: None)
    assert label_fonts.find_font_path().parent.parent == Path("/usr/share/fonts/truetype")
    pdf = render_pdf([make_label(recipient_name="Nguyễn Thị Ánh")])
    assert "Nguyễn Thị Ánh" in page_texts(pdf)[0]


def test_a_configured_font_that_does_not_exist_is_reported(monkeypatch, make_label, tmp_path):
    missing = tmp_path / "NoSuchFont.ttf"
    monkeypatch.setenv("ANTAR_LABEL_FONT", str(missing))
    with pytest.raises(FontNotFoundError, match="NoSuchFont.ttf"):
        render_png(make_label())


def test_a_file_that_is_no_font_is_reported(monkeypatch, make_label, tmp_path):
    not_a_font = tmp_path / "label.ttf"
    not_a_font.write_bytes(b"this is not a TrueType font")
    monkeypatch.setenv("ANTAR_LABEL_FONT", str(not_a_font))
    with pytest.raises(FontNotFoundError, match="cannot be used"):
        render_pdf([make_label()])


def test_without_any_font_the_error_says_what_to_install(monkeypatch, make_label):
    monkeypatch.delenv("ANTAR_LABEL_FONT", raising=False)
    monkeypatch.setattr(label_fonts, "_pypi_font_path", lambda: None)
    monkeypatch.setattr(label_fonts, "DEBIAN_FONT_PATHS", ())
    with pytest.raises(FontNotFoundError) as caught:
        render_pdf([make_label()])
    message = str(caught.value)
    assert "fontpkg-noto-sans" in message
    assert "fonts-dejavu-core" in message
    assert "ANTAR_LABEL_FONT" in message
