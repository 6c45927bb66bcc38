"""The returns, the documents (listed and searched) and the dispatches, a page at a time: every
row once across the pages, in the list's order, its filters and search kept, the search's
terms never in an address."""

import re
from datetime import timedelta

from delivery.core.extensions import db
from delivery.dispatch.operations import batch_progress
from delivery.models import DispatchBatch, DocumentStatus, ParcelStatus, Shipment, ShipmentState
from tests.conftest import csrf_token
from tests.delivery.web.staff.pages import codes_on, follow_all, link_to

DOCUMENT_ID = re.compile(r'name="document_id" value="(\d+)"')
BATCH_LINK = re.compile(r'href="/staff/dispatches/(\d+)"')
NEXT_BUTTON = re.compile(r'<button class="button" type="submit" name="after" value="([^"]+)">')


def test_returns_page_by_fifty_longest_waiting_first(staff_client, make_parcel, clock):
    start = clock.now - timedelta(days=30)
    made = []
    for number in range(75):
        status = ParcelStatus.RETURNED if number % 3 else ParcelStatus.RETURNING
        waiting_since = start + timedelta(hours=number // 2)  # two at a time: ties keep order
        made.append(make_parcel(status=status, status_changed_at=waiting_since))
    make_parcel(status=ParcelStatus.DELIVERED, status_changed_at=start)
    pages = follow_all(staff_client, "/staff/returns", "Berikutnya")
    assert [len(codes_on(page)) for page in pages] == [50, 25]
    assert sum((codes_on(page) for page in pages), []) == [parcel.tracking_code for parcel in made]
    assert "75 paket" in pages[0]
    back = staff_client.get(link_to(pages[1], "Sebelumnya")).text
    assert codes_on(back) == codes_on(pages[0])


def test_a_returns_page_cursor_that_is_no_time_is_refused(staff_client):
    response = staff_client.get("/staff/returns?after=soon_12")
    assert response.status_code == 400


def test_documents_page_with_their_filters(staff_client, make_document):
    in_village = [make_document(village="Yukum Jaya").id for _ in range(60)]
    make_document(village="Poncowati")
    pages = follow_all(staff_client, "/staff/documents?village=Yukum+Jaya", "Berikutnya")
    shown = [int(found) for page in pages for found in DOCUMENT_ID.findall(page)]
    assert shown == in_village[::-1]
    assert "village=Yukum+Jaya" in link_to(pages[0], "Berikutnya")


def test_a_searchs_next_page_is_posted_with_its_terms_out_of_the_address(
    staff_client, make_document
):
    nik = "3201014101900001"
    found = [make_document(holder_nik=nik, status=DocumentStatus.READY).id for _ in range(55)]
    make_document(holder_name="Sari Wulandari")
    token = csrf_token(staff_client, "/staff/documents")
    first = staff_client.post("/staff/documents/search", data={"nik": nik, "csrf_token": token})
    assert nik not in " ".join(re.findall(r'href="([^"]*)"', first.text))
    assert '<form method="post" action="/staff/documents/search">' in first.text
    [after] = NEXT_BUTTON.findall(first.text)
    second = staff_client.post(
        "/staff/documents/search", data={"nik": nik, "after": after, "csrf_token": token}
    )
    shown = [int(id_) for page in (first, second) for id_ in DOCUMENT_ID.findall(page.text)]
    assert shown == found[::-1]


def test_the_dispatch_list_pages_and_shows_each_batchs_progress(
    staff_client, staff_user, make_parcel
):
    batches = []
    for number in range(55):
        batch = DispatchBatch(office_id=staff_user.office_id, created_by_id=staff_user.id)
        parcel = make_parcel(status=ParcelStatus.SUBMITTED, batch=batch)
        state = ShipmentState.FAILED if number % 2 else ShipmentState.SUBMITTED
        db.session.add(Shipment(parcel=parcel, idempotency_key=f"batch-{number}", state=state))
        batches.append(batch)
    db.session.commit()
    pages = follow_all(staff_client, "/staff/dispatches", "Berikutnya")
    shown = [int(found) for page in pages for found in BATCH_LINK.findall(page)]
    assert shown == [batch.id for batch in batches[::-1]]
    assert sum(page.count('<td data-label="Gagal">1</td>') for page in pages) == 27
    assert batch_progress(batches[1]).failed == 1


def test_a_search_for_a_document_number_finds_that_document(staff_client, make_document):
    wanted = make_document(document_number="KTPEL-2025-000006040", holder_name="Hendra Hakim")
    make_document(document_number="KTPEL-2025-0000060401")
    make_document(holder_name="Ayu Ningtyas")
    token = csrf_token(staff_client, "/staff/documents")

    def found(text: str) -> list[int]:
        page = staff_client.post("/staff/documents/search", data={"q": text, "csrf_token": token})
        return [int(id_) for id_ in DOCUMENT_ID.findall(page.text)]

    assert found("ktpel-2025-000006040") == [wanted.id]
    assert len(found("KTPEL-2025-00000604")) == 2  # part of a number: every number holding it
    assert found("hakim") == [wanted.id]
