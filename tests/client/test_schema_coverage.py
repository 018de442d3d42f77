"""The SDK and the OpenAPI schema never drift: every operation of the schema is either called by the
SDK (labelplatform/client/operations.py) or left out with a reason, and the SDK calls nothing else."""

from drf_spectacular.generators import SchemaGenerator

from labelplatform.client.operations import LEFT_OUT, OPERATIONS

METHODS = ("get", "post", "put", "patch", "delete")


def schema_operations() -> set[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {(method.upper(), path) for path, item in schema["paths"].items() for method in item if method in METHODS}


def test_every_schema_operation_is_covered_or_left_out_with_a_reason() -> None:
    declared = set(OPERATIONS.values())
    missing = schema_operations() - declared - set(LEFT_OUT)
    assert not missing, f"operations the SDK neither calls nor leaves out: {sorted(missing)}"


def test_the_sdk_calls_no_operation_that_is_gone() -> None:
    gone = (set(OPERATIONS.values()) | set(LEFT_OUT)) - schema_operations()
    assert not gone, f"the SDK names operations the schema no longer has: {sorted(gone)}"


def test_no_operation_is_both_called_and_left_out() -> None:
    assert not set(OPERATIONS.values()) & set(LEFT_OUT)
    assert len(set(OPERATIONS.values())) == len(OPERATIONS)
    assert all(reason.strip() for reason in LEFT_OUT.values())
