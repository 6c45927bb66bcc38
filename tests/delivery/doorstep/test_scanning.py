"""Camera frames decoded on the server, and typed tracking codes, find the courier's parcels."""

import io

import zxingcpp
from PIL import Image

from delivery.models import ParcelStatus, Role
from delivery.parcels.codes import new_tracking_code
from delivery.printing.operations import label_data
from labels import render_png
from tests.conftest import csrf_token

FRAME = (1280, 720)


def camera_frame(label_png: bytes, width: int = 640, crop=None) -> bytes:
    """The label on a white background as a phone camera sees it, sent as a small JPEG."""
    label = Image.open(io.BytesIO(label_png)).convert("L")
    if crop:
        label = label.crop(crop)
    scale = min(FRAME[0] / label.width, FRAME[1] / label.height) * 0.95
    label = label.resize((round(label.width * scale), round(label.height * scale)))
    frame = Image.new("L", FRAME, 255)
    frame.paste(label, ((FRAME[0] - label.width) // 2, (FRAME[1] - label.height) // 2))
    frame = frame.resize((width, round(FRAME[1] * width / FRAME[0])))
    buffer = io.BytesIO()
    frame.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def barcode_only(label_png: bytes) -> tuple[int, int, int, int]:
    """The box of the label's Code 128 barcode, with a quiet zone around it."""
    image = Image.open(io.BytesIO(label_png))
    [bars] = zxingcpp.read_barcodes(image, formats=zxingcpp.barcode_formats_from_str("Code128"))
    xs = [point.x for point in (bars.position.top_left, bars.position.bottom_right)]
    ys = [point.y for point in (bars.position.top_left, bars.position.bottom_right)]
    return (min(xs) - 60, min(ys) - 40, max(xs) + 60, max(ys) + 40)


def send_frame(client, frame: bytes):
    return client.post(
        "/courier/scan/frame",
        data={"frame": (io.BytesIO(frame), "frame.jpg")},
        headers={"X-CSRFToken": csrf_token(client, "/courier/"), "Accept": "application/json"},
        content_type="multipart/form-data",
    )


def test_a_camera_frame_of_the_label_finds_the_parcel(courier_client, household_parcel):
    parcel = household_parcel()
    answer = send_frame(courier_client, camera_frame(render_png(label_data(parcel)))).json
    assert answer == {
        "found": True,
        "tracking_code": parcel.tracking_code,
        "url": f"/courier/parcels/{parcel.tracking_code}",
    }


def test_the_code_128_barcode_alone_finds_the_parcel(courier_client, household_parcel):
    parcel = household_parcel(status=ParcelStatus.IN_TRANSIT, courier=None)
    label = render_png(label_data(parcel))
    frame = camera_frame(label, crop=barcode_only(label))
    answer = send_frame(courier_client, frame).json
    assert answer["found"] and answer["tracking_code"] == parcel.tracking_code


def test_another_couriers_label_is_not_found(courier_client, household_parcel, make_user):
    theirs = household_parcel(courier=make_user(Role.COURIER))
    answer = send_frame(courier_client, camera_frame(render_png(label_data(theirs)))).json
    assert answer == {
        "found": False,
        "message": "Label ini bukan untuk paket yang dapat Anda buka.",
    }


def test_a_frame_without_a_label_finds_nothing(courier_client):
    blank = io.BytesIO()
    Image.new("L", (640, 360), 200).save(blank, "JPEG")
    assert send_frame(courier_client, blank.getvalue()).json == {"found": False, "message": None}


def test_a_frame_that_is_not_an_image_is_refused(courier_client):
    response = send_frame(courier_client, b"\xff\xd8 not really a jpeg")
    assert response.status_code == 422
    assert response.json["error"]["field"] == "frame"


def test_a_typed_code_opens_the_doorstep(courier_client, household_parcel):
    parcel = household_parcel(tracking_code=new_tracking_code())  # a code as printed
    typed = parcel.tracking_code.lower().replace("-", " ")
    response = courier_client.get("/courier/find", query_string={"code": typed})
    assert response.headers["Location"] == f"/courier/parcels/{parcel.tracking_code}"
    unknown = courier_client.get("/courier/find", query_string={"code": "AN-ZZZZ-ZZZZ"})
    assert unknown.status_code == 404
    assert "Tidak ada paket yang dapat Anda buka dengan kode ini." in unknown.get_data(as_text=True)
