"""The one exception the mask library raises for bad input."""

from __future__ import annotations


class MaskError(ValueError):
    """A mask (or its encoding) is unusable.

    ``code`` is a short machine-readable reason (``"size"``, ``"parse"``,
    ``"negative_run"``, ``"sum"``, ``"empty"``, ``"overlap"``, ``"shape"``,
    ``"value"``); the message says the same for people.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
