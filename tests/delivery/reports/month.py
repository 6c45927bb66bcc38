"""A month of parcels in an office on Western Indonesian Time (UTC+7), built through the same
event path the carrier and couriers use, with the figures a person counts from them by hand.

March 2026 in Kabupaten Lampung Tengah; the service level is 7 days; the report is read on
10 April. Times below are the office's (WIB). Villages: Bandar Jaya Barat and Yukum Jaya in
Terbanggi Besar district, Komering Agung in Gunung Sugih district.

parcel  village  ready      handed over   what happened
P1      BJB      2 Mar 8:00 2 Mar 10:00   delivered 4 Mar 12:48 (2.2 days), at the first visit
P2      BJB      3 Mar 8:00 3 Mar 9:00    not at home 5 Mar; delivered 6 Mar 15:12 (3.3 days)
P3      YJ       1 Mar 8:00 1 Mar 9:00    address not found 2 Mar; returned 4 Mar; collected 9 Mar
P4      YJ       20 Feb     20 Feb 9:00   in transit since: its deadline passed in February
P5      YJ       10 Mar     10 Mar 9:00   in transit since: its deadline, 17 Mar, passed
P6      KA       20 Mar 8:00 20 Mar 9:00  delivered 29 Mar 10:24 (9.1 days), two days late
P7      KA       28 Mar     28 Mar 10:00  in transit: its deadline, 4 Apr, is not in March
P8      KA       31 Mar     31 Mar 23:30  handed over on March's last evening
P9      KA       31 Mar     1 Apr 0:30    handed over in April
P10     BJB      25 Mar     25 Mar 10:00  not at home 31 Mar 22:00; delivered 1 Apr 0:30
P11     BJB      14 Mar 8:00 14 Mar 9:00  failed (no reason) 15 Mar; delivered 16 Mar 8:00 (2 days)
another office's parcel in BJB, delivered 6 Mar, is never counted here.

Documents recorded (besides the parcels' own, recorded in January): BJB 1 Mar 0:30 and
15 Mar; YJ 20 Mar, and 28 Feb 23:30 (February); KA 31 Mar 23:30, and 1 Apr 0:30 (April).
"""

import itertools
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from delivery.core.extensions import db
from delivery.models import AttemptReason, EventSource, Parcel, ParcelStatus, Shipment
from delivery.models import ShipmentState as State
from delivery.parcels.events import Report, record_event

WIB = ZoneInfo("Asia/Jakarta")
S = ParcelStatus
R = AttemptReason
TB, GS = "Terbanggi Besar", "Gunung Sugih"
BJB, YJ, KA = "Bandar Jaya Barat", "Yukum Jaya", "Komering Agung"
DISTRICT_OF = {BJB: TB, YJ: TB, KA: GS}
_keys = itertools.count(1)


def wib(day: str, clock: str = "08:00") -> datetime:
    """A moment on the office's clocks, as the aware UTC instant Antar stores."""
    local = datetime.fromisoformat(f"2026-{day}T{clock}").replace(tzinfo=WIB)
    return local.astimezone(UTC)


class MonthOfParcels:
    def __init__(self, office, make_parcel, make_document) -> None:
        self.office = office
        self.make_parcel = make_parcel
        self.make_document = make_document
        self.elsewhere = None  # another office of the province, with one parcel in March

    def document(self, village: str, recorded_at: datetime, office=None):
        return self.make_document(
            office=office or self.office,
            village=village,
            district=DISTRICT_OF[village],
            created_at=recorded_at,
        )

    def parcel(self, village: str, ready_at: datetime, office=None) -> Parcel:
        document = self.document(village, wib("01-10"), office)
        return self.make_parcel(
            [document],
            office=office or self.office,
            created_at=ready_at,
            status_changed_at=ready_at,
        )

    def hand_over(self, parcel: Parcel, at: datetime) -> None:
        db.session.add(
            Shipment(
                parcel=parcel,
                idempotency_key=f"report-test-{next(_keys)}",
                state=State.SUBMITTED,
                submitted_at=at,
            )
        )
        self.happen(parcel, S.SUBMITTED, at)

    def happen(self, parcel: Parcel, status: ParcelStatus, at: datetime, reason=None) -> None:
        report = Report(status, at, EventSource.CARRIER_WEBHOOK, f"report-{next(_keys)}", reason)
        record_event(parcel, report)
        db.session.commit()

    def journey(self, village: str, ready: datetime, handed: datetime, *steps, office=None):
        parcel = self.parcel(village, ready, office)
        self.hand_over(parcel, handed)
        for status, at, *reason in steps:
            self.happen(parcel, status, at, *reason)
        return parcel


def build_march(office, make_parcel, make_document, make_office, clock) -> MonthOfParcels:
    """Build the month in the table above; the report is read on 10 April."""
    clock.now = wib("04-10", "09:00")
    office.service_level_days = 7
    db.session.commit()
    month = MonthOfParcels(office, make_parcel, make_document)

    def way(day: str, *, out: str | None = None):
        return [(S.IN_TRANSIT, wib(day, "06:00")), (S.OUT_FOR_DELIVERY, wib(out or day, "07:00"))]

    month.journey(BJB, wib("03-02"), wib("03-02", "10:00"), *way("03-04"),
                  (S.DELIVERED, wib("03-04", "12:48")))  # fmt: skip
    month.journey(
        BJB, wib("03-03"), wib("03-03", "09:00"), *way("03-05"),
        (S.ATTEMPT_FAILED, wib("03-05", "10:00"), R.NOT_AT_HOME),
        (S.OUT_FOR_DELIVERY, wib("03-06", "07:00")), (S.DELIVERED, wib("03-06", "15:12")),
    )  # fmt: skip
    month.journey(
        YJ, wib("03-01"), wib("03-01", "09:00"), *way("03-02"),
        (S.ATTEMPT_FAILED, wib("03-02", "10:00"), R.ADDRESS_NOT_FOUND),
        (S.RETURNED, wib("03-04", "10:00")), (S.COLLECTED, wib("03-09", "10:00")),
    )  # fmt: skip
    month.journey(YJ, wib("02-20"), wib("02-20", "09:00"), (S.IN_TRANSIT, wib("02-21")))
    month.journey(YJ, wib("03-10"), wib("03-10", "09:00"), (S.IN_TRANSIT, wib("03-11")))
    month.journey(KA, wib("03-20"), wib("03-20", "09:00"), *way("03-29"),
                  (S.DELIVERED, wib("03-29", "10:24")))  # fmt: skip
    month.journey(KA, wib("03-28"), wib("03-28", "10:00"), (S.IN_TRANSIT, wib("03-29")))
    month.journey(KA, wib("03-31"), wib("03-31", "23:30"))
    month.journey(KA, wib("03-31"), wib("04-01", "00:30"))
    month.journey(
        BJB, wib("03-25"), wib("03-25", "10:00"), *way("03-31"),
        (S.ATTEMPT_FAILED, wib("03-31", "22:00"), R.NOT_AT_HOME),
        (S.OUT_FOR_DELIVERY, wib("03-31", "23:00")), (S.DELIVERED, wib("04-01", "00:30")),
    )  # fmt: skip
    month.journey(
        BJB, wib("03-14"), wib("03-14", "09:00"), *way("03-15"),
        (S.ATTEMPT_FAILED, wib("03-15", "10:00")),
        (S.OUT_FOR_DELIVERY, wib("03-16", "07:00")), (S.DELIVERED, wib("03-16", "08:00")),
    )  # fmt: skip
    month.elsewhere = make_office(code="PSW", name="Disdukcapil Kabupaten Pesawaran")
    month.journey(BJB, wib("03-05"), wib("03-05", "09:00"), *way("03-06"),
                  (S.DELIVERED, wib("03-06", "10:00")), office=month.elsewhere)  # fmt: skip
    for village, day, at in [
        (BJB, "03-01", "00:30"), (BJB, "03-15", "10:00"), (YJ, "03-20", "10:00"),
        (YJ, "02-28", "23:30"), (KA, "03-31", "23:30"), (KA, "04-01", "00:30"),
    ]:  # fmt: skip
        month.document(village, wib(day, at))
    return month


def village_figures(villages: list[dict], name: str) -> dict:
    return next(area for area in villages if area["village"] == name)
