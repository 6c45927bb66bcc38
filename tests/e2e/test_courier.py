"""A courier on a phone: scan a real label with the camera, deliver with proof, work offline."""

import io
import re
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from PIL import Image
from playwright.sync_api import expect

from delivery.core.extensions import db
from delivery.doorstep.verification import new_one_time_code
from delivery.models import DeliveryAttempt, DocumentType, ParcelStatus, Role, TrackingEvent
from delivery.parcels.codes import new_tracking_code
from delivery.printing.operations import label_data
from labels import render_png
from tests.e2e.conftest import CHROMIUM_ARGS, PHONE, save_screenshot
from tests.factories import PASSWORDS

S = ParcelStatus
CAMERA_FRAME = (1280, 720)
DOOR = {"latitude": -4.9631, "longitude": 105.2117, "accuracy": 15}


@pytest.fixture
def app_config(app_config, redis_url) -> dict:
    """Messages wait on Redis instead of running on threads beside the browser."""
    return app_config | {"REDIS_URL": redis_url}


@pytest.fixture
def household_parcel(make_parcel, make_document, courier_user, clock):
    """A real-coded parcel for Budi and Sri, on the courier's round since an hour ago."""

    def make(status=S.OUT_FOR_DELIVERY, courier=courier_user):
        budi = make_document(holder_name="Budi Santoso")
        sri = make_document(holder_name="Sri Wahyuni", document_type=DocumentType.KK)
        return make_parcel(
            [budi, sri],
            tracking_code=new_tracking_code(),
            status=status,
            courier=courier,
            status_changed_at=clock.now - timedelta(hours=1),
        )

    return make


def with_code(parcel) -> str:
    """Give the parcel a one-time code, as the out-for-delivery message job does."""
    code = new_one_time_code(parcel)
    db.session.commit()
    return code


def sign_in(page, username: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def sign_in_courier(page) -> None:
    sign_in(page, "dedi", PASSWORDS[Role.COURIER])
    expect(page.get_by_role("heading", level=1)).to_have_text("Rute saya")


def camera_video(label_png: bytes, path) -> str:
    """A few Y4M frames (4:2:0) of the label on a white background, as the fake camera."""
    label = Image.open(io.BytesIO(label_png)).convert("RGB")
    scale = min(CAMERA_FRAME[0] / label.width, CAMERA_FRAME[1] / label.height) * 0.95
    label = label.resize((round(label.width * scale), round(label.height * scale)))
    frame = Image.new("RGB", CAMERA_FRAME, "white")
    frame.paste(
        label, ((CAMERA_FRAME[0] - label.width) // 2, (CAMERA_FRAME[1] - label.height) // 2)
    )
    luma, blue, red = frame.convert("YCbCr").split()
    half = (CAMERA_FRAME[0] // 2, CAMERA_FRAME[1] // 2)
    planes = luma.tobytes() + blue.resize(half).tobytes() + red.resize(half).tobytes()
    width, height = CAMERA_FRAME
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F5:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(5):
            video.write(b"FRAME\n" + planes)
    return str(path)


@pytest.fixture
def camera_phone(playwright_driver, chromium_executable, live_server, tmp_path):
    """A separate Chromium whose camera films the given label; returns a phone page maker."""
    browsers = []

    def open_with_camera_on(label_png: bytes):
        video = camera_video(label_png, tmp_path / "label.y4m")
        browser = playwright_driver.chromium.launch(
            executable_path=chromium_executable,
            args=[
                *CHROMIUM_ARGS,
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                f"--use-file-for-fake-video-capture={video}",
            ],
        )
        browsers.append(browser)
        context = browser.new_context(
            viewport=PHONE, base_url=live_server, locale="id-ID", is_mobile=True, has_touch=True
        )
        context.grant_permissions(["camera"])
        return context.new_page()

    yield open_with_camera_on
    for browser in browsers:
        browser.close()


@pytest.fixture
def door_phone(chromium, live_server):
    """A phone at the door: GPS allowed and placed at the resident's house."""
    context = chromium.new_context(
        viewport=PHONE,
        base_url=live_server,
        locale="id-ID",
        is_mobile=True,
        has_touch=True,
        permissions=["geolocation"],
        geolocation=DOOR,
    )
    page = context.new_page()
    yield page
    context.close()


def jpeg(size=(2400, 1800)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (170, 120, 80)).save(buffer, "JPEG")
    return buffer.getvalue()


def sign_on_screen(page) -> None:
    pad = page.locator("canvas[data-signature]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 9):
        x = box["x"] + 30 + step * (box["width"] - 60) / 8
        y = box["y"] + box["height"] * (0.3 if step % 2 else 0.7)
        page.mouse.move(x, y, steps=4)
    page.mouse.up()


def fill_delivery(page, code: str) -> None:
    page.get_by_role("button", name="Diterima", exact=True).click()
    expect(page.get_by_role("button", name="Catat percobaan gagal")).to_be_hidden()
    page.get_by_label("Nama penerima").fill("Sri Wahyuni")
    page.get_by_label("Anggota keluarga serumah").check()
    page.get_by_label("Kode sekali pakai (6 angka)").fill(code)
    page.get_by_label("Foto serah terima").set_input_files(
        files=[{"name": "serah-terima.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
    )
    expect(page.locator("#delivered-form [data-photo-preview]")).to_be_visible()
    sign_on_screen(page)


def attempts_of(parcel) -> list[DeliveryAttempt]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(DeliveryAttempt).filter_by(parcel_id=parcel.id)))


def delivered_events(parcel) -> list[TrackingEvent]:
    return list(
        db.session.scalars(
            sa.select(TrackingEvent).filter_by(parcel_id=parcel.id, status=S.DELIVERED)
        )
    )


def test_the_camera_reads_a_real_label_and_the_courier_takes_the_parcel(
    camera_phone, household_parcel
):
    parcel = household_parcel(status=S.IN_TRANSIT, courier=None)
    page = camera_phone(render_png(label_data(parcel)))
    sign_in_courier(page)
    page.get_by_role("link", name="Pindai label").click()
    expect(page).to_have_url(
        re.compile(f"/courier/parcels/{parcel.tracking_code}$"), timeout=20_000
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(parcel.tracking_code)
    page.get_by_role("button", name="Masukkan ke rute saya").click()
    expect(page.get_by_text("Budi Santoso").first).to_be_visible()
    expect(
        page.get_by_text("Pemilik dokumen atau anggota keluarga serumah boleh menerimanya.")
    ).to_be_visible()
    db.session.expire_all()
    assert parcel.status == S.OUT_FOR_DELIVERY and parcel.courier.username == "dedi"


def test_a_full_delivery_with_code_photo_signature_and_gps(
    door_phone, desktop_page, household_parcel, staff_user
):
    parcel = household_parcel()
    code = with_code(parcel)
    page = door_phone
    sign_in_courier(page)
    page.get_by_role("link", name=parcel.recipient_name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(parcel.tracking_code)
    fill_delivery(page, code)
    expect(page.get_by_text("Posisi GPS ditemukan (ketelitian 15 m).")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    save_screenshot(page, "courier-doorstep-phone")
    page.get_by_role("button", name="Catat pengantaran").click()
    expect(page.get_by_text(f"Pengantaran {parcel.tracking_code} tercatat.")).to_be_visible()

    [attempt] = attempts_of(parcel)
    assert attempt.delivered and attempt.receiver_name == "Sri Wahyuni"
    assert (attempt.latitude, attempt.longitude, attempt.position_accuracy_m) == (
        DOOR["latitude"], DOOR["longitude"], DOOR["accuracy"]
    )  # fmt: skip
    photo = Image.open(io.BytesIO(attempt.photo))
    assert photo.format == "JPEG" and max(photo.size) == 1280  # made smaller on the phone
    signature = Image.open(io.BytesIO(attempt.signature_png))
    assert signature.format == "PNG" and signature.getbbox() is not None

    staff = desktop_page
    sign_in(staff, "rini", PASSWORDS[Role.STAFF])
    staff.goto(f"/staff/parcels/{parcel.tracking_code}")
    expect(staff.locator(".timeline").get_by_text("Diterima", exact=True)).to_be_visible()
    visits = staff.locator("section", has=staff.locator("#visits-heading"))
    expect(visits.get_by_text("Sri Wahyuni (Anggota keluarga serumah)")).to_be_visible()
    for image in (
        visits.get_by_alt_text("Foto di alamat penerima"),
        visits.get_by_alt_text("Tanda tangan penerima"),
    ):
        expect(image).to_be_visible()
        assert image.evaluate("image => image.complete && image.naturalWidth > 0")


def test_an_offline_delivery_is_sent_once_when_the_signal_returns(
    door_phone, household_parcel, clock
):
    parcel = household_parcel()
    code = with_code(parcel)
    page = door_phone
    sign_in_courier(page)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("Boolean(navigator.serviceWorker.controller)")
    page.wait_for_function(
        f"caches.match('/courier/parcels/{parcel.tracking_code}').then(Boolean)", polling=200
    )
    phone_time = clock.now - timedelta(minutes=15)
    page.clock.set_fixed_time(phone_time)

    page.context.set_offline(True)
    page.goto(f"/p/{parcel.qr_token}")  # the phone's camera app opens the label's URL
    expect(page).to_have_url(re.compile(f"/courier/parcels/{parcel.tracking_code}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(parcel.tracking_code)
    assert page.evaluate("navigator.onLine") is False
    fill_delivery(page, code)
    page.get_by_role("button", name="Catat pengantaran").click()
    expect(page.get_by_text("Tidak ada sinyal: tersimpan di ponsel ini.")).to_be_visible()
    expect(page.get_by_text("Tersimpan di ponsel ini, menunggu dikirim: 1")).to_be_visible()
    assert attempts_of(parcel) == []

    page.context.set_offline(False)
    expect(page.get_by_text("Tersimpan di ponsel ini, menunggu dikirim: 1")).to_be_hidden(
        timeout=15_000
    )
    deadline = time.monotonic() + 10
    while not attempts_of(parcel) and time.monotonic() < deadline:
        time.sleep(0.2)
    [attempt] = attempts_of(parcel)
    [event] = delivered_events(parcel)
    assert attempt.occurred_at == event.occurred_at == phone_time
    assert parcel.status == S.DELIVERED


def test_a_courier_cannot_see_or_act_on_another_couriers_parcel(
    phone_page, household_parcel, make_user
):
    theirs = household_parcel(courier=make_user(Role.COURIER, username="wati"))
    page = phone_page
    sign_in_courier(page)
    expect(page.get_by_text(theirs.recipient_name)).to_have_count(0)
    page.get_by_role("link", name="Pindai label").click()
    page.get_by_label("Atau ketik kode lacak").fill(theirs.tracking_code)
    page.get_by_role("button", name="Buka", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text(
        "Tidak ada paket yang dapat Anda buka dengan kode ini."
    )
    response = page.goto(f"/courier/parcels/{theirs.tracking_code}")
    assert response.status == 404
    expect(page.get_by_text("Budi Santoso")).to_have_count(0)
    page.goto(f"/p/{theirs.qr_token}")
    expect(page.get_by_text("Kode ini untuk kurir yang mengantar paket.")).to_be_visible()
    token = page.evaluate("fetch('/courier/token').then(r => r.json()).then(j => j.csrf_token)")
    refused = page.request.post(
        f"/courier/parcels/{theirs.tracking_code}/failed",
        multipart={
            "client_event_id": "stranger-event-1",
            "occurred_at": "2026-01-01T00:00:00Z",
            "reason": "refused",
        },
        headers={"X-CSRFToken": token, "Accept": "application/json"},
    )
    assert refused.status == 404
    assert attempts_of(theirs) == [] and theirs.status == S.OUT_FOR_DELIVERY
