"""The sandbox answers as openapi.json says, and the contract documents every endpoint."""

import json
import re
from datetime import datetime
from importlib.resources import files
from typing import Any

import pytest
import requests

from postal_sandbox.carrier import ROUTES

CONTRACT = json.loads(files("postal_client").joinpath("openapi.json").read_text("utf-8"))
JSON_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def problems(value: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """Return where `value` breaks the JSON Schema subset the contract uses."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return problems(value, CONTRACT["components"]["schemas"][name], path)
    if "oneOf" in schema:
        matching = [option for option in schema["oneOf"] if not problems(value, option, path)]
        return [] if len(matching) == 1 else [f"{path}: fits {len(matching)} of oneOf"]
    types = schema.get("type")
    if types and not _has_type(value, [types] if isinstance(types, str) else types):
        return [f"{path}: {value!r} is not {types}"]
    found = [f"{path}: {rule}" for rule, broken in _broken_rules(value, schema).items() if broken]
    if isinstance(value, dict):
        found += [
            f"{path}.{key}: missing" for key in schema.get("required", ()) if key not in value
        ]
        for key, item in value.items():
            if key in schema.get("properties", {}):
                found += problems(item, schema["properties"][key], f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{path}.{key}: not allowed")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += problems(item, schema["items"], f"{path}[{index}]")
    return found


def _has_type(value: Any, types: list[str]) -> bool:
    """Say whether a value has one of the JSON types (a bool is no number)."""
    if isinstance(value, bool):
        return "boolean" in types
    return any(isinstance(value, JSON_TYPES[name]) for name in types)


def _broken_rules(value: Any, schema: dict[str, Any]) -> dict[str, bool]:
    """Return the scalar rules of a schema and whether the value breaks each."""
    rules = {}
    if "enum" in schema:
        rules[f"not one of {schema['enum']}"] = value not in schema["enum"]
    if "const" in schema:
        rules[f"is not {schema['const']!r}"] = value != schema["const"]
    if isinstance(value, str) and "pattern" in schema:
        rules[f"does not match {schema['pattern']}"] = not re.search(schema["pattern"], value)
    if isinstance(value, str) and schema.get("format") == "date-time":
        rules["is not a date-time with offset"] = not _is_timestamp(value)
    if isinstance(value, int | float) and "minimum" in schema:
        rules[f"below {schema['minimum']}"] = value < schema["minimum"]
    return rules


def _is_timestamp(value: str) -> bool:
    """Say whether a string is an ISO 8601 time with a UTC offset."""
    try:
        return datetime.fromisoformat(value).utcoffset() is not None
    except ValueError:
        return False


def answer_schema(method: str, template: str, status: int) -> dict[str, Any]:
    """Return the contract's schema of one answer."""
    responses = CONTRACT["paths"][template][method.lower()]["responses"]
    answer = responses.get(str(status)) or responses[f"{str(status)[0]}XX"]
    if "$ref" in answer:
        answer = CONTRACT["components"]["responses"][answer["$ref"].rsplit("/", 1)[-1]]
    return answer["content"]["application/json"]["schema"]


def assert_fits(answer: requests.Response, method: str, template: str) -> Any:
    """Assert that an HTTP answer fits the contract and return its JSON."""
    body = answer.json()
    assert problems(body, answer_schema(method, template, answer.status_code)) == []
    assert answer.headers["X-Request-Id"]
    return body


def test_every_sandbox_endpoint_is_in_the_contract():
    documented = {
        (method.upper(), path)
        for path, operations in CONTRACT["paths"].items()
        for method in operations
    }
    served = {(route.method, route.template) for route in ROUTES}

    assert served - documented == {("GET", "/openapi.json")}
    assert documented <= served


def test_the_sandbox_serves_its_contract(sandbox):
    assert requests.get(f"{sandbox.url}/openapi.json", timeout=5).json() == CONTRACT


def test_the_api_answers_fit_the_contract(sandbox, admin, bearer_headers, make_request):
    url = sandbox.url
    create = {**bearer_headers, "Idempotency-Key": "contract"}
    body = make_request().to_json()

    created = assert_fits(
        requests.post(f"{url}/v1/shipments", json=body, headers=create, timeout=5),
        "POST",
        "/v1/shipments",
    )
    shipment = f"/v1/shipments/{created['id']}"
    assert_fits(
        requests.post(
            f"{url}/v1/pickups",
            json={"shipment_ids": [created["id"]]},
            headers=bearer_headers,
            timeout=5,
        ),
        "POST",
        "/v1/pickups",
    )
    admin.advance(3000)
    fetched = assert_fits(
        requests.get(url + shipment, headers=bearer_headers, timeout=5),
        "GET",
        "/v1/shipments/{id}",
    )
    assert fetched["latest_event"]["code"] == 3010
    assert_fits(
        requests.get(f"{url}{shipment}/events", headers=bearer_headers, timeout=5),
        "GET",
        "/v1/shipments/{id}/events",
    )
    assert_fits(
        requests.post(
            f"{url}/v1/tracking",
            json={"tracking_numbers": [created["tracking_number"], "RR000000000ID"]},
            headers=bearer_headers,
            timeout=5,
        ),
        "POST",
        "/v1/tracking",
    )


@pytest.mark.parametrize(
    ("method", "template", "path", "body", "status"),
    [
        ("GET", "/v1/shipments/{id}", "/v1/shipments/shp_missing", None, 404),
        ("POST", "/v1/shipments", "/v1/shipments", {"reference": ""}, 422),
        ("POST", "/v1/pickups", "/v1/pickups", {"shipment_ids": []}, 422),
        ("POST", "/v1/tracking", "/v1/tracking", {"tracking_numbers": "RR1"}, 422),
    ],
)
def test_error_answers_fit_the_contract(
    sandbox, bearer_headers, method, template, path, body, status
):
    headers = {**bearer_headers, "Idempotency-Key": "errors"}

    answer = requests.request(method, sandbox.url + path, json=body, headers=headers, timeout=5)

    assert answer.status_code == status
    assert assert_fits(answer, method, template)["error"]["code"]


def test_unauthorized_and_rate_limited_answers_fit_the_contract(sandbox, admin, bearer_headers):
    refused = requests.get(f"{sandbox.url}/v1/shipments/x", timeout=5)
    admin.set_faults(rate_limit={"next": 1}, retry_after_seconds=3)
    limited = requests.get(f"{sandbox.url}/v1/shipments/x", headers=bearer_headers, timeout=5)

    assert refused.status_code == 401
    assert_fits(refused, "GET", "/v1/shipments/{id}")
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "3"
    assert_fits(limited, "GET", "/v1/shipments/{id}")


def test_the_token_answer_fits_the_contract(sandbox, admin):
    granted = requests.post(
        f"{sandbox.url}/token",
        auth=("antar-sandbox", "sandbox-secret"),
        data={"grant_type": "client_credentials"},
        timeout=5,
    )
    refused = requests.post(
        f"{sandbox.url}/token",
        auth=("antar-sandbox", "wrong"),
        data={"grant_type": "client_credentials"},
        timeout=5,
    )

    assert assert_fits(granted, "POST", "/token")["token_type"] == "Bearer"
    assert assert_fits(refused, "POST", "/token")["error"] == "invalid_client"


def test_a_webhook_body_fits_the_contract(admin, receiver, client, make_request):
    shipment = client.create_shipment(make_request(), idempotency_key="k")
    client.request_pickup([shipment.id])
    admin.advance(30)
    receiver.wait_for(lambda: len(receiver.events) == 1)

    [body] = receiver.bodies
    assert problems(json.loads(body), CONTRACT["components"]["schemas"]["WebhookBody"]) == []


def test_the_schema_check_notices_broken_answers():
    shipment = CONTRACT["components"]["schemas"]["Shipment"]

    assert set(problems({"error": {"code": 1}}, {"$ref": "#/components/schemas/Error"})) == {
        "$.error.code: 1 is not string",
        "$.error.message: missing",
    }
    assert "$.tracking_number: does not match ^[A-Z]{2}[0-9]{9}[A-Z]{2}$" in problems(
        {"tracking_number": "P2311230012345"}, shipment
    )
