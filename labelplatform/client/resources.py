"""Projects, ontology, members, assets, labels and the review workflow."""

from __future__ import annotations

import builtins
import hashlib
import mimetypes
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, cast

from labelplatform.client.http import JSON, Http
from labelplatform.client.masks import decode_label, encode_objects
from labelplatform.client.types import Asset, Label, Member, Project

Progress = Callable[[int, int], None]
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp", ".gif"})
UPLOAD_BATCH = 16  # files per request: few enough that one failed batch costs little, many enough to amortize


def upload_batches(paths: Sequence[Path], batch: int, concurrency: int) -> builtins.list[Sequence[Path]]:
    """At most `batch` files a request, in whole rounds of `concurrency` requests of even sizes: the last
    round keeps every connection busy (200 files, 16, 4: 16 requests of 12 or 13, not 12 of 16 and one of 8)."""
    if not paths:
        return []
    per_round = max(1, batch) * max(1, concurrency)
    count = min(len(paths), -(-len(paths) // per_round) * max(1, concurrency))
    size, larger = divmod(len(paths), count)
    bounds = [n * size + min(n, larger) for n in range(count + 1)]
    return [paths[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]


class Resource:
    def __init__(self, http: Http) -> None:
        self._http = http


class Projects(Resource):
    def list(self) -> Iterator[Project]:
        return cast(Iterator[Project], self._http.pages("project_list"))

    def create(self, name: str, *, description: str = "", settings: JSON | None = None) -> Project:
        body: JSON = {"name": name, "description": description}
        if settings is not None:
            body["settings"] = settings
        return cast(Project, self._http.call("project_create", json=body))

    def get(self, project: int) -> Project:
        return cast(Project, self._http.call("project_get", project_id=project))

    def update(self, project: int, **fields: Any) -> Project:
        return cast(Project, self._http.call("project_update", json=fields, project_id=project))

    def delete(self, project: int) -> None:
        self._http.call("project_delete", project_id=project)


class Ontology(Resource):
    def get(self, project: int) -> JSON:
        return dict(self._http.call("ontology_get", project_id=project))

    def put(self, project: int, classes: Sequence[JSON], classifications: Sequence[JSON] = ()) -> JSON:
        """Stores a new ontology version; classes left out are archived."""
        body = {"classes": list(classes), "classifications": list(classifications)}
        return dict(self._http.call("ontology_put", json=body, project_id=project))


class Members(Resource):
    def list(self, project: int) -> Iterator[Member]:
        return cast(Iterator[Member], self._http.pages("member_list", project_id=project))

    def add(self, project: int, user: str | int, role: str) -> JSON:  # a Member (staff), or an invitation
        """Staff add directly; a manager invites anyone not yet a member (the answer is the invitation)."""
        return dict(self._http.call("member_add", json={"user": user, "role": role}, project_id=project))

    def remove(self, project: int, user: str | int) -> None:
        self._http.call("member_remove", params={"user": user}, project_id=project)

    def invitations(self, project: int) -> Iterator[JSON]:
        return self._http.pages("invitation_list", project_id=project)

    def invite(self, project: int, user: str, role: str) -> JSON:
        return dict(self._http.call("invitation_create", json={"user": user, "role": role}, project_id=project))

    def withdraw(self, project: int, invitation: int) -> None:
        self._http.call("invitation_delete", project_id=project, invitation_id=invitation)

    def invitation_link(self, project: int, invitation: int) -> str:
        return str(self._http.call("invitation_link", project_id=project, invitation_id=invitation)["url"])

    def my_invitations(self) -> Iterator[JSON]:
        return self._http.pages("my_invitations")

    def accept(self, invitation: int) -> JSON:
        return dict(self._http.call("invitation_accept", invitation_id=invitation))

    def decline(self, invitation: int) -> JSON:
        return dict(self._http.call("invitation_decline", invitation_id=invitation))


def image_files(folder: str | os.PathLike[str]) -> list[Path]:
    """Every image under ``folder`` (recursively, by suffix), sorted by path."""
    root = Path(folder)
    if not root.is_dir():
        raise NotADirectoryError(f"{root} is not a folder")
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class Assets(Resource):
    def list(self, project: int, *, status: str | None = None) -> Iterator[Asset]:
        return cast(Iterator[Asset], self._http.pages("asset_list", params={"status": status}, project_id=project))

    def get(self, asset: int) -> Asset:
        return cast(Asset, self._http.call("asset_get", asset_id=asset))

    def already_there(self, project: int, files: Sequence[str | os.PathLike[str]]) -> builtins.list[Path]:
        """The files whose content (sha256) some asset of the project already holds."""
        held = {asset["sha256"] for asset in self.list(project)}
        return [Path(f) for f in files if file_sha256(Path(f)) in held]

    def upload(self, project: int, files: Sequence[str | os.PathLike[str]], *, concurrency: int = 4,
               batch: int = UPLOAD_BATCH, progress: Progress | None = None,
               skip_existing: bool = False) -> builtins.list[Asset]:
        """Uploads image files, ``batch`` per request and ``concurrency`` requests at a time; answers the
        created assets in the order of ``files``. ``progress(done, total)`` is called after each batch.
        ``skip_existing`` leaves out files whose content the project already holds (see
        :meth:`already_there`), so that an interrupted or repeated upload of a folder adds no duplicates."""
        paths = [Path(f) for f in files]
        if skip_existing:
            there = set(self.already_there(project, paths))
            paths = [p for p in paths if p not in there]
        batches = upload_batches(paths, batch, concurrency)
        done = 0
        if progress:
            progress(0, len(paths))

        def send(group: Sequence[Path]) -> builtins.list[Asset]:
            handles = [open(p, "rb") for p in group]  # noqa: SIM115  closed below
            try:
                parts = [("files", (p.name, h, mimetypes.guess_type(p.name)[0] or "application/octet-stream"))
                         for p, h in zip(group, handles, strict=True)]
                return list(self._http.call("asset_upload", files=parts, project_id=project))
            finally:
                for handle in handles:
                    handle.close()

        created: builtins.list[Asset] = []
        with ThreadPoolExecutor(max(1, concurrency)) as pool:
            for group, answer in zip(batches, pool.map(send, batches), strict=True):
                created.extend(answer)
                done += len(group)
                if progress:
                    progress(done, len(paths))
        return created

    def upload_folder(self, project: int, folder: str | os.PathLike[str], **options: Any) -> builtins.list[Asset]:
        return self.upload(project, image_files(folder), **options)

    def image(self, asset: int, dest: str | os.PathLike[str]) -> int:
        """Downloads the original image to ``dest``; answers its bytes."""
        return self._http.download(self._http.path("asset_image", asset_id=asset)[1], dest)

    def set_priority(self, asset: int, priority: int) -> JSON:
        return dict(self._http.call("asset_priority", json={"priority": priority}, asset_id=asset))

    def set_priorities(self, project: int, items: Sequence[JSON]) -> JSON:
        return dict(self._http.call("priorities", json={"items": list(items)}, project_id=project))


class Labels(Resource):
    """Labels: ``objects`` take masks as RLE dicts or numpy arrays; ``numpy=True`` answers arrays."""

    def _out(self, label: JSON, numpy: bool) -> JSON:
        return decode_label(label) if numpy else label

    def of_asset(self, asset: int, *, numpy: bool = False) -> list[Label]:
        return [cast(Label, self._out(label, numpy)) for label in self._http.pages("asset_labels", asset_id=asset)]

    def create(self, asset: int, objects: Sequence[JSON], *, classifications: JSON | None = None,
               status: str = "submitted", time_spent_s: float = 0.0) -> Label:
        body = {"objects": encode_objects(list(objects)), "classifications": classifications or {},
                "status": status, "time_spent_s": time_spent_s}
        return cast(Label, self._http.call("label_create", json=body, asset_id=asset))

    def get(self, label: int, *, numpy: bool = False) -> Label:
        return cast(Label, self._out(dict(self._http.call("label_get", label_id=label)), numpy))

    def update(self, label: int, revision: int, objects: Sequence[JSON], *, classifications: JSON | None = None,
               status: str = "submitted", time_spent_s: float = 0.0) -> Label:
        """Saves a new revision on top of ``revision``; :class:`Conflict` when someone saved since."""
        body = {"revision": revision, "objects": encode_objects(list(objects)),
                "classifications": classifications or {}, "status": status, "time_spent_s": time_spent_s}
        return cast(Label, self._http.call("label_update", json=body, label_id=label))

    def revisions(self, label: int) -> Iterator[JSON]:
        return self._http.pages("revision_list", label_id=label)

    def revision(self, label: int, number: int, *, numpy: bool = False) -> JSON:
        return self._out(dict(self._http.call("revision_get", label_id=label, number=number)), numpy)

    def stream(self, project: int, *, since: str | None = None, status: str | None = None,
               numpy: bool = False) -> Iterator[JSON]:
        """Every label of the project, oldest change first (cursor pages); ``since``: changed after it."""
        for label in self._http.pages("label_stream", params={"since": since, "status": status}, project_id=project):
            yield self._out(label, numpy)
