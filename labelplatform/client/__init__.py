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
    PayloadTooLarge,
    ServerError,
    Throttled,
    Unauthorized,
)
from labelplatform.client.masks import class_map, to_numpy, to_rle

__all__ = [
    "ApiError", "BadRequest", "Client", "ClientError", "Conflict", "ConnectionFailed", "Forbidden", "JobFailed",
    "JobTimeout", "NotFound", "PayloadTooLarge", "ServerError", "Throttled", "Unauthorized", "class_map", "to_numpy",
    "to_rle",
]
