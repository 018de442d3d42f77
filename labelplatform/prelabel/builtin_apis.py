"""What a browser decoder needs: the installed built-in models, a decoder file, and an asset's embedding."""

from typing import Any

import numpy as np
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from labelplatform.assets.apis import AssetScopedView
from labelplatform.common.schema import NOT_READY, RETRY_AFTER
from labelplatform.prelabel.backends import sam_pair_of
from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.builtin.installed import BUILTIN, builtin_status
from labelplatform.prelabel.engines.sam import encoder_input_size
from labelplatform.prelabel.proposals import proposals_or_not_ready
from labelplatform.prelabel.segmentation import default_segment_backend, embedding_or_not_ready

# ?part= of the decoder endpoint: the browser's pair (builtin/web_decoder.py) beside the whole decoder.
DECODER_PARTS = {"web": mobilesam.WEB_ROLES[0], "prepare": mobilesam.WEB_ROLES[1]}


def _decoder_file(name: str, files: dict[str, Any], part: str | None) -> dict[str, Any]:
    entry = files[DECODER_PARTS[part] if part else "decoder"]
    query = f"?part={part}" if part else ""
    return {"url": f"/api/v1/prelabel/builtin/{name}/decoder.onnx{query}", "sha256": entry["sha256"],
            "bytes": entry["bytes"]}


def _builtin_out(name: str) -> dict[str, Any]:
    model, reason = builtin_status(name)
    if model is None:
        return {"name": name, "backend": name, "installed": False, "reason": reason}
    files = model.manifest["files"]
    decoder = _decoder_file(name, files, None)
    if all(role in files for role in DECODER_PARTS.values()):  # the browser runs the pair: less work per click
        decoder["web"] = {part: _decoder_file(name, files, part) for part in DECODER_PARTS}
    return {"name": name, "backend": name, "installed": True, "version": model.version, "config": model.config,
            "decoder": decoder,
            "source": model.manifest.get("source", {}), "licences": model.manifest.get("licences", {})}


class BuiltinModelsApi(APIView):
    """Any signed-in user: the models are the same for every project."""

    @extend_schema(responses={200: dict})
    def get(self, request: Request) -> Response:
        return Response({"default_segment_backend": default_segment_backend(),
                         "models": [_builtin_out(name) for name in BUILTIN]})


class BuiltinDecoderApi(APIView):
    """The whole decoder (the server's), or with `?part=web` / `?part=prepare` the browser's pair made from it."""

    @extend_schema(parameters=[OpenApiParameter("part", str, enum=list(DECODER_PARTS))],
                   responses={(200, "application/octet-stream"): bytes})
    def get(self, request: Request, name: str) -> HttpResponseBase:
        part = request.query_params.get("part")
        if part is not None and part not in DECODER_PARTS:
            raise ValidationError({"part": f"one of {', '.join(DECODER_PARTS)}, or none for the whole decoder"})
        model = builtin_status(name)[0] if name in BUILTIN else None
        role = DECODER_PARTS[part] if part else "decoder"
        if model is None or role not in model.files:
            raise Http404(f"no installed built-in model {name!r} with that decoder file")
        sha256 = model.manifest["files"][role]["sha256"]
        etag = f'"{sha256}"'
        if request.headers.get("If-None-Match") == etag:
            return HttpResponse(status=304)
        # FileResponse closes the file when the response is sent
        response = FileResponse(open(model.files[role], "rb"),  # noqa: SIM115
                                content_type="application/octet-stream")
        response["ETag"] = etag
        response["Cache-Control"] = "private, max-age=86400"  # the file changes only with the version (ETag)
        response["X-Model-Version"] = model.version
        return response


class AssetEmbeddingApi(AssetScopedView):
    """The image embedding as raw float32 (little-endian, C order); shape and frames in headers. While a job
    computes it: 202 with the job and `Retry-After: 1`."""

    @extend_schema(parameters=[OpenApiParameter("backend", str), RETRY_AFTER],
                   responses={(200, "application/octet-stream"): bytes, 202: NOT_READY})
    def get(self, request: Request, asset_id: int) -> HttpResponseBase:
        pair = sam_pair_of(self.project, request.query_params.get("backend", "mobilesam"))
        embedding = np.ascontiguousarray(embedding_or_not_ready(pair, self.asset), dtype="<f4")
        response = HttpResponse(embedding.tobytes(), content_type="application/octet-stream")
        resized = encoder_input_size(pair.config, self.asset.height, self.asset.width)
        response["X-Embedding-Shape"] = ",".join(str(n) for n in embedding.shape)
        response["X-Embedding-Dtype"] = "float32"
        response["X-Encoder-Input-Size"] = ",".join(str(n) for n in pair.config["encoder"]["size"])
        response["X-Resized-Size"] = f"{resized[0]},{resized[1]}"
        response["X-Model-Version"] = pair.version
        response["Cache-Control"] = "private, max-age=3600"
        return response


class AssetProposalsApi(AssetScopedView):
    """Segment everything: non-overlapping proposals without classes, best first (202 while computed)."""

    @extend_schema(parameters=[OpenApiParameter("backend", str), RETRY_AFTER], responses={200: dict, 202: NOT_READY})
    def get(self, request: Request, asset_id: int) -> Response:
        pair = sam_pair_of(self.project, request.query_params.get("backend", "mobilesam"))
        return Response({"backend": pair.backend, "version": pair.version,
                         "proposals": proposals_or_not_ready(pair, self.asset)})
