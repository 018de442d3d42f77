"""Typed readers for settings taken from the environment; a bad value fails loudly."""

import json
import os


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"{name} must be a boolean (true/false), got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be an integer, got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envchoice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def envheader(name: str, default: str) -> str | None:
    """An HTTP header name (`X-Forwarded-Proto`) as Django's request.META key, or None when empty."""
    value = os.environ.get(name, default).strip()
    if not value:
        return None
    if not all(c.isalnum() or c == "-" for c in value):
        raise ValueError(f"{name} must be an HTTP header name such as X-Forwarded-Proto, got {value!r}")
    return "HTTP_" + value.upper().replace("-", "_")


def envjson(name: str, default: str) -> object:
    """A JSON document (e.g. OIDC_GROUP_ROLES); the caller checks its shape."""
    value = os.environ.get(name, default)
    try:
        return json.loads(value or "null")
    except json.JSONDecodeError as bad:
        raise ValueError(f"{name} must be JSON: {bad}") from None
