"""The three homes, the layout, and the language switch."""

from tests.conftest import csrf_token


def test_tracking_home_is_public_and_in_indonesian(client):
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="id">' in page
    assert "Di mana dokumen saya?" in page
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page


def test_switching_to_english_is_remembered(client):
    token = csrf_token(client, "/")
    response = client.post(
        "/language", data={"language": "en", "next": "/login", "csrf_token": token}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page and "Where is my document?" in page
    assert "Bahasa Indonesia" in page


def test_language_switch_refuses_unknown_language_and_foreign_redirects(client):
    token = csrf_token(client, "/")
    assert client.post("/language", data={"language": "xx", "csrf_token": token}).status_code == 400
    response = client.post(
        "/language", data={"language": "en", "next": "https://evil.example/", "csrf_token": token}
    )
    assert response.headers["Location"] == "/"


def test_staff_home_counts_only_the_own_office(staff_client, make_document, make_office):
    make_document()
    make_document()
    other_office = make_office()
    make_document(office=other_office)
    page = staff_client.get("/staff/").get_data(as_text=True)
    assert '?status=recorded">Tercatat</a></dt><dd>2</dd>' in page


def test_courier_home_lists_own_parcels_by_village(
    courier_client, courier_user, make_parcel, make_user
):
    from delivery.models import Role

    make_parcel(courier=courier_user, village="Yukum Jaya", recipient_name="Siti Aminah")
    make_parcel(courier=make_user(Role.COURIER), recipient_name="Joko Susilo")
    page = courier_client.get("/courier/").get_data(as_text=True)
    assert "Yukum Jaya" in page and "Siti Aminah" in page
    assert "Joko Susilo" not in page
    assert "1 paket untuk diantar" in page


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Tidak ada yang ditemukan" in response.get_data(as_text=True)


def test_unknown_api_route_answers_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_document_and_parcel_ready_have_their_own_words(staff_client, make_document):
    from delivery.models import DocumentStatus

    make_document(status=DocumentStatus.READY)
    page = staff_client.get("/staff/").get_data(as_text=True)
    assert '?status=ready">Siap</a></dt><dd>1</dd>' in page
    assert ">Siap dikirim</a></dt><dd>0</dd>" in page
