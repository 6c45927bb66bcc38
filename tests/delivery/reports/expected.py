"""The figures a person counts by hand from the month built in month.py."""

from tests.delivery.reports.month import BJB, GS, KA, TB, YJ

NO_FAILURES = {"not_at_home": 0, "address_not_found": 0, "unspecified": 0}


def figures(area) -> dict:
    """An area's figures as the JSON has them, leaving out reasons nobody gave here."""
    values = area if isinstance(area, dict) else area.as_dict()
    values = values | {"failure_reasons": dict(values["failure_reasons"])}
    values["failure_reasons"] = {
        reason: count
        for reason, count in values["failure_reasons"].items()
        if count or reason in NO_FAILURES
    }
    return values


def expected(**values) -> dict:
    defaults = {
        "documents_received": 0,
        "parcels_dispatched": 0,
        "parcels_delivered": 0,
        "first_attempts": 0,
        "first_attempt_successes": 0,
        "first_attempt_success_rate": None,
        "median_days_to_door": None,
        "p90_days_to_door": None,
        "parcels_returned": 0,
        "parcels_collected": 0,
        "failed_attempts": 0,
        "past_service_level": 0,
        "fees_collected": None,
    }
    reasons = NO_FAILURES | values.pop("failure_reasons", {})
    return defaults | values | {"failure_reasons": reasons}


BANDAR_JAYA_BARAT = expected(
    district=TB,
    village=BJB,
    documents_received=2,
    parcels_dispatched=4,  # P1, P2, P10, P11
    parcels_delivered=3,  # P1, P2, P11; P10 on 1 April
    first_attempts=4,  # P1 delivered; P2, P10 (31 March, 22:00), P11 failed
    first_attempt_successes=1,
    first_attempt_success_rate=25.0,
    median_days_to_door=2.2,  # of 2.0, 2.2, 3.3
    p90_days_to_door=3.3,
    failed_attempts=3,
    failure_reasons={"not_at_home": 2, "unspecified": 1},
)
YUKUM_JAYA = expected(
    district=TB,
    village=YJ,
    documents_received=1,
    parcels_dispatched=2,  # P3, P5; P4 in February
    first_attempts=1,
    first_attempt_success_rate=0.0,
    parcels_returned=1,
    parcels_collected=1,
    failed_attempts=1,
    failure_reasons={"address_not_found": 1},
    past_service_level=1,  # P5; P4's deadline passed in February
)
KOMERING_AGUNG = expected(
    district=GS,
    village=KA,
    documents_received=1,  # 31 March, 23:30; not 1 April, 00:30
    parcels_dispatched=3,  # P6, P7, P8 (31 March, 23:30); P9 in April
    parcels_delivered=1,
    first_attempts=1,
    first_attempt_successes=1,
    first_attempt_success_rate=100.0,
    median_days_to_door=9.1,
    p90_days_to_door=9.1,
    past_service_level=1,  # P6, delivered two days after its deadline
)
GUNUNG_SUGIH = KOMERING_AGUNG | {"village": None}
TERBANGGI_BESAR = expected(
    district=TB,
    village=None,
    documents_received=3,
    parcels_dispatched=6,
    parcels_delivered=3,
    first_attempts=5,
    first_attempt_successes=1,
    first_attempt_success_rate=20.0,
    median_days_to_door=2.2,
    p90_days_to_door=3.3,
    parcels_returned=1,
    parcels_collected=1,
    failed_attempts=4,
    failure_reasons={"not_at_home": 2, "address_not_found": 1, "unspecified": 1},
    past_service_level=1,
)
OFFICE_TOTAL = expected(
    district=None,
    village=None,
    documents_received=4,
    parcels_dispatched=9,
    parcels_delivered=4,
    first_attempts=6,
    first_attempt_successes=2,
    first_attempt_success_rate=33.3,
    median_days_to_door=2.2,  # of 2.0, 2.2, 3.3, 9.1: the second
    p90_days_to_door=9.1,
    parcels_returned=1,
    parcels_collected=1,
    failed_attempts=4,
    failure_reasons={"not_at_home": 2, "address_not_found": 1, "unspecified": 1},
    past_service_level=2,
)
VILLAGES = [KOMERING_AGUNG, BANDAR_JAYA_BARAT, YUKUM_JAYA]  # Gunung Sugih before Terbanggi Besar
DISTRICTS = [GUNUNG_SUGIH, TERBANGGI_BESAR]
