"""The API's page: Swagger UI shows every operation, under a policy that forbids inline script."""

from playwright.sync_api import expect

from tests.e2e.conftest import save_screenshot

NO_INLINE_SCRIPT = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
)


def with_policy(route) -> None:
    """Serve every answer under a Content-Security-Policy that allows only the app's own files."""
    response = route.fetch()
    route.fulfill(
        response=response, headers=response.headers | {"content-security-policy": NO_INLINE_SCRIPT}
    )


def test_an_integrator_reads_the_api_and_its_answers(desktop_page):
    refused = []
    desktop_page.on(
        "console", lambda message: refused.append(message.text) if message.type == "error" else None
    )
    desktop_page.route("**/*", with_policy)
    desktop_page.goto("/api/v1/docs")
    expect(desktop_page.get_by_text("Antar API", exact=False).first).to_be_visible()
    operation = desktop_page.get_by_text("Record one document or a list of documents")
    expect(operation).to_be_visible()
    expect(desktop_page.get_by_role("button", name="Authorize")).to_be_visible()
    desktop_page.get_by_text("/api/v1/parcels/pack", exact=True).click()
    expect(desktop_page.get_by_text("a body that names neither packs nothing")).to_be_visible()
    save_screenshot(desktop_page, "api-docs-desktop")
    assert refused == []
