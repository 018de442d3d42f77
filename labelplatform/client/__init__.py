"""The Python SDK of labelplatform: a typed client over the REST API, without Django.

>>> from labelplatform.client import Client
>>> with Client("http://127.0.0.1:8000", token="...") as lp:     # or LABELPLATFORM_URL / _TOKEN
...     project = lp.projects.create("Streets")
...     lp.assets.upload_folder(project["id"], "images/")

See docs/sdk.md.
"""

from labelplatform.client.client import Client
from labelplatform.client.errors import (
    ApiError,
    BadRequest,
    ClientError,
    Conflict,
    ConnectionFailed,
    Forbidden,
    JobFailed,
    JobTimeout,
    NotFound,
    NotReady,
    PayloadTooLarge,
    ServerError,
    Throttled,
    Unauthorized,
)
from labelplatform.client.masks import class_map, to_numpy, to_rle
from labelplatform.client.types import (
    Asset,
    CreatedWebhook,
    Delivery,
    Job,
    Label,
    LabelObject,
    Member,
    Project,
    Version,
    VersionDetail,
    Webhook,
)

__all__ = [
    "ApiError", "Asset", "BadRequest", "Client", "ClientError", "Conflict", "ConnectionFailed", "CreatedWebhook",
    "Delivery", "Forbidden", "Job", "JobFailed", "JobTimeout", "Label", "LabelObject", "Member", "NotFound",
    "NotReady", "PayloadTooLarge", "Project", "ServerError", "Throttled", "Unauthorized", "Version", "VersionDetail",
    "Webhook",
    "class_map", "to_numpy", "to_rle",
]
