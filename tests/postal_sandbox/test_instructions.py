"""Instructions for a shipment on its way: the client sends them, the sandbox takes them once
per key, refuses them when too late, and plays a recall out as a return."""

from datetime import date

import pytest
import requests

from postal_client import (
    Address,
    Conflict,
    DeliveryInstruction,
    InstructionKind,
    Status,
    ValidationFailed,
)
from tests.postal_sandbox.test_contract import assert_fits

NOTE = DeliveryInstruction(InstructionKind.DELIVERY_NOTE, note="rumah cat hijau depan masjid")


def picked_up(client, admin, make_request, postal_code="40121"):
    shipment = client.create_shipment(make_request(postal_code=postal_code), idempotency_key="s")
    client.request_pickup([shipment.id])
    admin.advance(60)
    return shipment


def test_an_instruction_is_taken_once_per_key(client, admin, make_request):
    shipment = picked_up(client, admin, make_request)

    first = client.send_instruction(shipment.id, NOTE, idempotency_key="note-1")
    again = client.send_instruction(shipment.id, NOTE, idempotency_key="note-1")

    assert first == again and first.kind == InstructionKind.DELIVERY_NOTE
    [held] = admin.shipments()
    assert [i["details"]["note"] for i in held["instructions"]] == [NOTE.note]


@pytest.mark.parametrize(
    "instruction",
    [
        DeliveryInstruction(InstructionKind.RECIPIENT_PHONE, phone="+6281299998888"),
        DeliveryInstruction(InstructionKind.AUTHORIZED_RECEIVER, receiver_name="Sri Wahyuni"),
        DeliveryInstruction(InstructionKind.DELIVERY_DATE, delivery_date=date(2026, 12, 3)),
        DeliveryInstruction(
            InstructionKind.DELIVER_TO_VILLAGE_OFFICE,
            address=Address(
                ("Kantor Kepala Kampung Toto Katon",),
                "Toto Katon",
                "Punggur",
                "Kabupaten Lampung Tengah",
                "Lampung",
                "34152",
            ),
        ),
    ],
)
def test_every_kind_of_instruction_is_accepted(client, admin, make_request, instruction):
    shipment = picked_up(client, admin, make_request)
    receipt = client.send_instruction(shipment.id, instruction, idempotency_key="k")
    assert receipt.kind == instruction.kind


def test_an_instruction_missing_its_field_is_refused_naming_it(client, admin, make_request):
    shipment = picked_up(client, admin, make_request)
    with pytest.raises(ValidationFailed) as refused:
        client.send_instruction(
            shipment.id, DeliveryInstruction(InstructionKind.RECIPIENT_PHONE), idempotency_key="k"
        )
    assert "phone" in refused.value.fields


def test_a_recall_before_pickup_is_refused_and_after_it_the_shipment_comes_back(
    client, admin, make_request
):
    recall = DeliveryInstruction(InstructionKind.RETURN_TO_SENDER)
    waiting = client.create_shipment(make_request(reference="PCL-W"), idempotency_key="w")
    with pytest.raises(Conflict):
        client.send_instruction(waiting.id, recall, idempotency_key="r0")

    shipment = picked_up(client, admin, make_request)
    client.send_instruction(shipment.id, recall, idempotency_key="r1")
    admin.advance(3 * 24 * 60)

    statuses = [event.status for event in client.list_events(shipment.id)]
    assert statuses[-2:] == [Status.RETURNING_TO_SENDER, Status.RETURNED_TO_SENDER]
    assert Status.DELIVERED not in statuses
    assert client.list_events(shipment.id)[-2].code == 5050


def test_an_instruction_after_delivery_is_too_late(client, admin, make_request):
    shipment = picked_up(client, admin, make_request)
    admin.advance(3000)
    with pytest.raises(Conflict) as refused:
        client.send_instruction(shipment.id, NOTE, idempotency_key="late")
    assert refused.value.code == "too_late"


def test_the_instruction_answers_fit_the_contract(
    sandbox, client, admin, make_request, bearer_headers
):
    shipment = picked_up(client, admin, make_request)
    url = f"{sandbox.url}/v1/shipments/{shipment.id}/instructions"
    headers = {**bearer_headers, "Idempotency-Key": "contract"}
    template = "/v1/shipments/{id}/instructions"

    accepted = requests.post(url, json=NOTE.to_json(), headers=headers, timeout=5)
    refused = requests.post(url, json={"kind": "teleport"}, headers=headers, timeout=5)

    assert accepted.status_code == 201 and refused.status_code == 422
    assert_fits(accepted, "POST", template)
    assert_fits(refused, "POST", template)
