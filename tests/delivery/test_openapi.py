"""The OpenAPI document describes every API route and method."""

import re


def test_every_api_route_is_described(app, client):
    document = client.get("/api/v1/openapi.json").json
    described = {
        (path, method.upper()) for path, ops in document["paths"].items() for method in ops
    }
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and not rule.endpoint.endswith(".static"):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
            routes |= {(path, method) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes - described == set()
    assert described - routes == set()
    assert document["openapi"].startswith("3.")
