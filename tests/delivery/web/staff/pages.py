"""Reading a staff list page as a user does: the rows it shows and the links to other pages."""

import html
import re

ROW_CODE = re.compile(r'name="tracking_code" value="([^"]+)"')
CARD_CODE = re.compile(r'<li class="card"><a class="code" href="[^"]*">([^<]+)</a>')


def codes_on(page: str) -> list[str]:
    """The tracking codes of the parcels a list page shows, in its order."""
    return ROW_CODE.findall(page) or CARD_CODE.findall(page)


def link_to(page: str, label: str) -> str | None:
    """The address of the page link with this label, if the page has one."""
    found = re.search(rf'<a class="button" href="([^"]+)">{label}</a>', page)
    return html.unescape(found.group(1)) if found else None


def follow_all(client, address: str, label: str) -> list[str]:
    """The pages reached from the address by following the link with this label to the end."""
    pages = []
    while address:
        response = client.get(address)
        assert response.status_code == 200, response.text
        pages.append(response.text)
        address = link_to(response.text, label)
        assert len(pages) < 100
    return pages
