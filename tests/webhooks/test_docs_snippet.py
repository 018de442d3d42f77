"""The verification snippet of docs/webhooks.md accepts what the platform signs and refuses replays."""

import re
import time
from pathlib import Path

from labelplatform.webhooks.signing import signature_header

DOC = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def test_the_documented_check_agrees_with_the_signer() -> None:
    snippet = re.search(r"```python\n(import hashlib.*?)```", DOC.read_text(), re.S)
    assert snippet is not None
    namespace: dict[str, object] = {}
    exec(snippet.group(1), namespace)  # the docs' own code, as a receiver would paste it
    verify = namespace["verify"]
    body = b'{"event":"member.added","id":"x"}'
    now = int(time.time())
    assert verify("whsec_k", signature_header("whsec_k", now, body), body) is True  # type: ignore[operator]
    assert verify("whsec_k", signature_header("other", now, body), body) is False  # type: ignore[operator]
    assert verify("whsec_k", signature_header("whsec_k", now - 3600, body), body) is False  # type: ignore[operator]
    assert verify("whsec_k", signature_header("whsec_k", now, body), body + b" ") is False  # type: ignore[operator]
