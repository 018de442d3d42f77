"""Checking attribute and classification values against the ontology's field definitions.

Nested options open sub-questions. An option sub-question (radio, checklist) folds into its
top-level field's value: option values from any depth are accepted there. A text or number
sub-question cannot fold, so its answer has a key of its own, the path from the top-level field:
"field/option/sub-question" (deeper: ".../sub-question/option/sub-sub-question"). Such an answer
is accepted only while its option is chosen, and a required sub-question must be answered at
submit once its option is chosen.
"""

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


FOLDED = ("radio", "checklist")


def _chosen(option: dict[str, Any], value: Any) -> bool:
    """Whether `option` is chosen, given its top-level field's (folded) value."""
    picked = value if isinstance(value, list) else [value]
    under = _option_values([option])
    return any(isinstance(v, str) and v in under for v in picked)


def _sub_questions(field: dict[str, Any], path: str, top: str) -> list[tuple[str, dict[str, Any], dict[str, Any], str]]:
    """(path, sub-question, option that opens it, top-level name) for every sub-question under `field`."""
    found = []
    for option in field.get("options", []):
        for child in option.get("children", []):
            child_path = f"{path}/{option['value']}/{child['name']}"
            found.append((child_path, child, option, top))
            found += _sub_questions(child, child_path, top)
    return found


def check_values(values: Any, fields: list[dict[str, Any]], where: str, submitted: bool) -> dict[str, Any]:
    if not isinstance(values, dict):
        raise ValidationError({"detail": f"{where}: must be an object of name -> value"})
    by_name = {f["name"]: f for f in fields}
    subs = [sub for f in fields for sub in _sub_questions(f, f["name"], f["name"])]
    own_keys = {path for path, sub, _, _ in subs if sub["type"] not in FOLDED}
    unknown = sorted(set(values) - set(by_name) - set(own_keys))
    if unknown:
        raise ValidationError({"detail": f"{where}: unknown fields {unknown}"})
    for name, field in by_name.items():
        if name not in values:
            if submitted and field.get("required"):
                raise ValidationError({"detail": f"{where}: '{name}' is required"})
            continue
        _check_one(values[name], field, f"{where}: '{name}'")
    for path, child, option, top in subs:
        opened = top in values and _chosen(option, values[top])
        if path in values:
            if not opened:
                raise ValidationError({"detail": f"{where}: '{path}' answers option '{option['value']}', "
                                                 f"which is not chosen in '{top}'"})
            _check_one(values[path], child, f"{where}: '{path}'")
        elif submitted and opened and child.get("required"):
            folded_answer = child["type"] in FOLDED and any(_chosen(o, values[top]) for o in child.get("options", []))
            if not folded_answer:
                raise ValidationError({"detail": f"{where}: '{path}' is required once '{option['value']}' is chosen"})
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
