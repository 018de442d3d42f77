"""/favicon.ico is an icon, not the single-page app's HTML, and index.html links it."""

import io
from pathlib import Path

import pytest
from django.test import Client
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_favicon_ico_is_an_icon(client: Client) -> None:
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    assert (32, 32) in icon.info["sizes"]


@pytest.mark.django_db
def test_favicon_svg_is_an_svg_image(client: Client) -> None:
    response = client.get("/favicon.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


@pytest.mark.django_db
def test_other_paths_are_still_the_app(client: Client) -> None:
    assert not client.get("/favicon.png")["Content-Type"].startswith("image/")


def test_index_html_links_both_icons() -> None:
    index = (ROOT / "frontend" / "index.html").read_text()
    assert '<link rel="icon" href="/favicon.ico"' in index
    assert '<link rel="icon" href="/favicon.svg" type="image/svg+xml"' in index
