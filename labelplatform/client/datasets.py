"""Jobs, exports, imports, dataset versions, pre-labeling, models and interactive segmentation."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from labelplatform.client.errors import JobFailed, JobTimeout
from labelplatform.client.http import JSON
from labelplatform.client.masks import to_numpy
from labelplatform.client.resources import Resource
from labelplatform.client.types import Job, Version, VersionDetail

JobProgress = Callable[[Job], None]
ENDED = frozenset({"succeeded", "failed", "cancelled"})


class Jobs(Resource):
    def list(self, project: int, *, kinds: Sequence[str] = ()) -> Iterator[Job]:
        pages = self._http.pages("job_list", params={"kind": ",".join(kinds) or None}, project_id=project)
        return cast(Iterator[Job], pages)

    def get(self, job: int) -> Job:
        return cast(Job, self._http.call("job_get", job_id=job))

    def cancel(self, job: int) -> Job:
        return cast(Job, self._http.call("job_cancel", job_id=job))

    def retry(self, job: int) -> Job:
        return cast(Job, self._http.call("job_retry", job_id=job))

    def wait(self, job: int | Mapping[str, Any], *, timeout: float | None = None,
             progress: JobProgress | None = None, interval: float = 0.25, max_interval: float = 2.0) -> Job:
        """Polls until the job ends; answers it when it succeeded, raises :class:`JobFailed` otherwise
        (and :class:`JobTimeout` after ``timeout`` seconds). ``progress(job)`` sees every poll."""
        job_id = job if isinstance(job, int) else int(job["id"])
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            state = self.get(job_id)
            if progress:
                progress(state)
            if state["status"] in ENDED:
                if state["status"] != "succeeded":
                    raise JobFailed(dict(state))
                return state
            if deadline is not None and time.monotonic() >= deadline:
                raise JobTimeout(dict(state), timeout or 0)
            time.sleep(interval)
            interval = min(interval * 1.5, max_interval)

    def download(self, job: int | Mapping[str, Any], dest: str | os.PathLike[str]) -> Path:
        """Downloads a succeeded job's result file; ``dest`` may be a folder (the server's name is kept)."""
        state: Mapping[str, Any] = self.get(job) if isinstance(job, int) else job
        target = Path(dest)
        if target.is_dir():
            name = (state.get("result") or {}).get("file") or f"job-{state['id']}"
            target = target / os.path.basename(str(name))
        self._http.download(self._http.path("job_result", job_id=state["id"])[1], target)
        return target


class Exports(Resource):
    def start(self, project: int, format: str, **options: Any) -> Job:
        """``labels`` (latest, accepted, version), ``version``, ``include_images``, ``polygons``, ..."""
        return cast(Job, self._http.call("export_start", json={"format": format, **options}, project_id=project))

    def run(self, project: int, format: str, dest: str | os.PathLike[str], *, timeout: float | None = None,
            progress: JobProgress | None = None, **options: Any) -> Path:
        """Starts an export, waits for it and downloads the file to ``dest``."""
        jobs = Jobs(self._http)
        job = jobs.wait(self.start(project, format, **options), timeout=timeout, progress=progress)
        return jobs.download(job, dest)


class Imports(Resource):
    def start(self, project: int, *, file: str | os.PathLike[str] | None = None, path: str | None = None,
              urls: Sequence[str] | None = None, format: str = "auto", **options: Any) -> Job:
        """One of ``file`` (a local file, uploaded), ``path`` (a folder under the server's IMPORT_ROOTS)
        or ``urls``; ``predictions``, ``model_version``, ``add_classes``, ``status``, ...; a sequence format
        (``davis_png``, ``youtube_vis``, ``mots``) with ``sequence`` and ``track_classes={track: class}``."""
        if file is None:
            body = {"format": format, "path": path, "urls": list(urls) if urls is not None else None, **options}
            return cast(Job, self._http.call("import_start", json={k: v for k, v in body.items() if v is not None},
                                             project_id=project))
        data = {"format": format, **{k: _form(v) for k, v in options.items()}}
        with open(file, "rb") as handle:
            files = {"file": (os.path.basename(file), handle, "application/octet-stream")}
            return cast(Job, self._http.call("import_start", data=data, files=files, project_id=project))


def _form(value: Any) -> str:
    """A multipart field's text: booleans as DRF reads them, objects and lists as JSON (track_classes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value) if isinstance(value, (dict, list)) else str(value)


class Versions(Resource):
    def list(self, project: int) -> Iterator[Version]:
        return cast(Iterator[Version], self._http.pages("version_list", project_id=project))

    def create(self, project: int, name: str, *, labels: str = "latest", description: str = "") -> VersionDetail:
        body = {"name": name, "labels": labels, "description": description}
        return cast(VersionDetail, self._http.call("version_create", json=body, project_id=project))

    def get(self, project: int, name: str) -> VersionDetail:
        return cast(VersionDetail, self._http.call("version_get", project_id=project, name=name))

    def delete(self, project: int, name: str) -> None:
        self._http.call("version_delete", project_id=project, name=name)

    def compare(self, project: int, a: str, b: str, *, limit: int = 200) -> Job:
        """Starts the compare job (wait for it with ``jobs.wait``)."""
        return cast(Job, self._http.call("version_compare", json={"a": a, "b": b, "limit": limit}, project_id=project))


class Prelabel(Resource):
    """Predictions, pre-label runs, trainings, registered models and interactive segmentation."""

    def predictions(self, asset: int, *, numpy: bool = False) -> list[JSON]:
        found = list(self._http.pages("predictions", asset_id=asset))
        if numpy:
            for prediction in found:
                for obj in prediction.get("objects", []):
                    obj["rle"], obj["mask"] = obj["mask"], to_numpy(obj["mask"])
        return found

    def segment(self, asset: int, *, numpy: bool = False, **prompt: Any) -> JSON:
        """``box=[x0, y0, x1, y1]``, ``points=[[x, y, 1|0], ...]``, ``scribbles``, ``backend``.

        :class:`NotReady` (with the job) while a worker computes the asset's SAM embedding."""
        answer = dict(self._http.call_computed("segment", json=prompt, asset_id=asset))
        if numpy and isinstance(answer.get("mask"), dict):
            answer["rle"], answer["mask"] = answer["mask"], to_numpy(answer["mask"])
        return answer

    def proposals(self, asset: int, *, backend: str | None = None) -> JSON:
        """:class:`NotReady` (with the job) while a worker computes them."""
        return dict(self._http.call_computed("proposals", params={"backend": backend}, asset_id=asset))

    def run(self, project: int, backend: str, *, assets: Sequence[int] | None = None, **options: Any) -> Job:
        """Starts a pre-label job over the project's assets (or ``assets``)."""
        body: JSON = {"backend": backend, **options}
        if assets is not None:
            body["assets"] = list(assets)
        return cast(Job, self._http.call("prelabel", json=body, project_id=project))

    def train(self, project: int, **options: Any) -> Job:
        return cast(Job, self._http.call("prelabel_train", json=options, project_id=project))

    def stats(self, project: int) -> JSON:
        return dict(self._http.call("prelabel_stats", project_id=project))

    def models(self, project: int) -> Iterator[JSON]:
        return self._http.pages("model_list", project_id=project)

    def register_model(self, project: int, name: str, kind: str, config: JSON) -> JSON:
        body = {"name": name, "kind": kind, "config": config}
        return dict(self._http.call("model_create", json=body, project_id=project))

    def model(self, project: int, model: int) -> JSON:
        return dict(self._http.call("model_get", project_id=project, model_id=model))

    def delete_model(self, project: int, model: int) -> None:
        self._http.call("model_delete", project_id=project, model_id=model)

    def builtin(self) -> JSON:
        return dict(self._http.call("builtin_models"))
