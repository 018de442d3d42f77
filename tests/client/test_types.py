"""The SDK's typed answers name exactly the fields the OpenAPI schema gives each resource."""

import typing

import pytest
from drf_spectacular.generators import SchemaGenerator

from labelplatform.client import types

COMPONENTS = {
    types.Project: "ProjectOut", types.Member: "MemberOut", types.UserBrief: "UserBrief", types.Asset: "AssetOut",
    types.Label: "LabelOut", types.LabelObject: "LabelObjectOut", types.Job: "JobOut", types.Version: "VersionOut",
    types.VersionDetail: "VersionDetail", types.Webhook: "SubscriptionOut", types.CreatedWebhook: "SubscriptionCreated",
    types.Delivery: "DeliveryOut", types.Bucket: "BucketSourceOut",
}


@pytest.fixture(scope="module")
def schemas() -> dict[str, typing.Any]:
    return dict(SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"])


@pytest.mark.parametrize("typed", list(COMPONENTS), ids=lambda t: t.__name__)
def test_each_typed_answer_has_the_schema_fields(typed, schemas) -> None:  # type: ignore[no-untyped-def]
    component = schemas[COMPONENTS[typed]]
    assert set(typing.get_type_hints(typed)) == set(component["properties"]), COMPONENTS[typed]


def test_every_typed_answer_is_checked() -> None:
    typed_dicts = {v for v in vars(types).values() if typing.is_typeddict(v)}
    assert typed_dicts == set(COMPONENTS)
