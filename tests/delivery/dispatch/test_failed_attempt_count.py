"""One count of failed attempts: the courier's, the staff's and the resident's pages agree.

The parcel travels with the sandbox carrier's "three failed attempts, returned" story (postal
codes ending in 6): out, failed, out again, failed again, a third time, back to the office; then
staff send it again and the carrier's new shipment fails once more.
"""

import re
from datetime import timedelta

from delivery.core.extensions import db
from delivery.models import (
    AttemptReason,
    EventSource,
    Parcel,
    ParcelStatus,
    Shipment,
    ShipmentState,
)
from delivery.parcels.events import Report, record_event
from tests.conftest import csrf_token

BORN = "1990-05-17"  # the birth date in the NIK the document factory gives every holder
SHOWN_COUNT = re.compile(r"Percobaan gagal sejauh ini: (\d+) dari 3")
S = ParcelStatus


def post_form(client, path, data):
    return client.post(path, data=data | {"csrf_token": csrf_token(client, "/staff/")})


def counts_shown(parcel: Parcel, staff_client, courier_client, client) -> dict[str, int]:
    """The failed attempts each page shows for the parcel."""
    code = parcel.tracking_code
    staff_page = staff_client.get(f"/staff/parcels/{code}").get_data(as_text=True)
    courier_page = courier_client.get(f"/courier/parcels/{code}").get_data(as_text=True)
    answer = client.post("/api/v1/track", json={"code": code, "birth_date": BORN}).json
    shown = {
        "staff page": int(SHOWN_COUNT.search(staff_page)[1]),
        "courier page": int(SHOWN_COUNT.search(courier_page)[1]),
        "resident's list": len(answer["failed_attempts"]),
    }
    said = SHOWN_COUNT.search(answer["next_step"]["text"])
    if said:  # the resident's next step names the count while the courier will try again
        shown["resident's next step"] = int(said[1])
    return shown


def dispatch_with_pickup(staff_client, parcel: Parcel, run_jobs) -> None:
    """Staff send the parcel and ask the carrier to collect it."""
    response = post_form(
        staff_client, "/staff/dispatches", {"tracking_code": [parcel.tracking_code]}
    )
    run_jobs()
    post_form(staff_client, response.headers["Location"] + "/pickup", {})


def test_a_parcel_sent_again_after_its_return_shows_one_count_everywhere(
    staff_client, courier_client, courier_user, client, make_ready_parcels, admin, clock,
    webhooks_to_app, run_jobs, settle,
):  # fmt: skip
    def carrier_moves(minutes: int) -> Parcel:
        admin.advance(minutes=minutes)
        clock.advance(minutes=minutes)  # the office's clock keeps up with the carrier's
        settle()
        return db.session.get(Parcel, parcel.id)

    def shown() -> dict[str, int]:
        return counts_shown(parcel, staff_client, courier_client, client)

    parcel = make_ready_parcels(1, story_digit="6")[0]
    dispatch_with_pickup(staff_client, parcel, run_jobs)
    post_form(
        staff_client,
        "/staff/parcels/assign",
        {"tracking_code": [parcel.tracking_code], "courier_id": courier_user.id},
    )

    assert carrier_moves(3100).status == S.ATTEMPT_FAILED  # out, failed, out again, failed
    assert shown() == dict.fromkeys(
        ["staff page", "courier page", "resident's list", "resident's next step"], 2
    )

    assert carrier_moves(4110).status == S.RETURNED  # a third failure, then back at the office
    assert shown() == {"staff page": 3, "courier page": 3, "resident's list": 3}

    post_form(staff_client, f"/staff/parcels/{parcel.tracking_code}/send-again", {})
    assert shown() == {"staff page": 0, "courier page": 0, "resident's list": 0}

    dispatch_with_pickup(staff_client, parcel, run_jobs)
    assert carrier_moves(1700).status == S.ATTEMPT_FAILED  # the new shipment's first failure
    assert shown() == dict.fromkeys(
        ["staff page", "courier page", "resident's list", "resident's next step"], 1
    )


def test_a_failure_reported_late_counts_once_everywhere(
    staff_client, courier_client, courier_user, client, make_ready_parcels, clock
):
    parcel = make_ready_parcels(1)[0]
    parcel.status, parcel.courier = S.IN_TRANSIT, courier_user
    db.session.add(Shipment(parcel=parcel, idempotency_key="late", state=ShipmentState.SUBMITTED))
    db.session.commit()

    def carrier_reports(status: S, minutes: int, reason: AttemptReason | None = None) -> None:
        report = Report(
            status=status,
            occurred_at=clock.now + timedelta(minutes=minutes),
            source=EventSource.CARRIER_WEBHOOK,
            dedupe_key=f"carrier:{status.value}:{minutes}",
            reason=reason,
        )
        record_event(parcel, report)
        db.session.commit()

    carrier_reports(S.OUT_FOR_DELIVERY, 10)
    carrier_reports(S.OUT_FOR_DELIVERY, 30)  # the report of the failure at 20 is late
    carrier_reports(S.ATTEMPT_FAILED, 20, AttemptReason.NOT_AT_HOME)
    assert parcel.status == S.OUT_FOR_DELIVERY
    assert counts_shown(parcel, staff_client, courier_client, client) == {
        "staff page": 1,
        "courier page": 1,
        "resident's list": 1,
    }

    carrier_reports(S.ATTEMPT_FAILED, 40, AttemptReason.NOT_AT_HOME)
    assert counts_shown(parcel, staff_client, courier_client, client) == dict.fromkeys(
        ["staff page", "courier page", "resident's list", "resident's next step"], 2
    )
