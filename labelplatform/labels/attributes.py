"""Checking attribute and classification values against the ontology's field definitions."""

from typing import Any

from rest_framework.exceptions import ValidationError


def _option_values(options: list[dict[str, Any]]) -> set[str]:
    """Values of options at every nesting depth (nested options answer sub-questions)."""
    values: set[str] = set()
    for option in options:
        values.add(str(option["value"]))
        for child in option.get("children", []):
            values |= _option_values(child.get("options", []))
    return values


def check_values(values: Any, fields: list[dict[str, Any]], where: str, submitted: bool) -> dict[str, Any]:
    if not isinstance(values, dict):
        raise ValidationError({"detail": f"{where}: must be an object of name -> value"})
    by_name = {f["name"]: f for f in fields}
    unknown = sorted(set(values) - set(by_name))
    if unknown:
        raise ValidationError({"detail": f"{where}: unknown fields {unknown}"})
    for name, field in by_name.items():
        if name not in values:
            if submitted and field.get("required"):
                raise ValidationError({"detail": f"{where}: '{name}' is required"})
            continue
        _check_one(values[name], field, f"{where}: '{name}'")
    return values


def _check_one(value: Any, field: dict[str, Any], where: str) -> None:
    kind = field["type"]
    allowed = _option_values(field.get("options", []))
    if kind == "radio" and (not isinstance(value, str) or value not in allowed):
        raise ValidationError({"detail": f"{where} must be one of {sorted(allowed)}"})
    if kind == "checklist" and (
        not isinstance(value, list) or not all(isinstance(v, str) and v in allowed for v in value)
    ):
        raise ValidationError({"detail": f"{where} must be a list of {sorted(allowed)}"})
    if kind == "text" and not isinstance(value, str):
        raise ValidationError({"detail": f"{where} must be text"})
    if kind == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise ValidationError({"detail": f"{where} must be a number"})
