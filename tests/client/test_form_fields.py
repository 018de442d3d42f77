"""The SDK's multipart fields read as the server's form parsing expects them."""

import json

from labelplatform.client.datasets import _form


def test_booleans_numbers_and_mappings_become_form_text():
    assert (_form(True), _form(False), _form(3)) == ("true", "false", "3")
    # track_classes of a sequence import: JSON text, which the server's JSONField parses
    assert json.loads(_form({1: "road", 2: 4})) == {"1": "road", "2": 4}
