"""The OpenAPI document describes every API route and method, and the API page shows it."""

import re

from delivery.web.api.openapi import openapi_document


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


def test_the_served_description_is_the_one_the_fuzzing_test_reads(client):
    assert client.get("/api/v1/openapi.json").json == openapi_document()


def test_the_api_page_starts_from_files_of_the_app_with_no_inline_script(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.DOTALL)
    assert scripts
    assert all('src="/' in attributes and not body.strip() for attributes, body in scripts)
    for source in re.findall(r'(?:src|href)="(/[^"]+)"', page):
        response = client.get(source)
        assert response.status_code == 200, source
        response.close()
    assert 'data-description="/api/v1/openapi.json"' in page
