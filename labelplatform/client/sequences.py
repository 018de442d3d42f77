"""Sequences: upload a video or a zip of frames, read frames and tracks, start a propagation, correct a frame,
carry a saved correction on."""

from __future__ import annotations

import builtins
import mimetypes
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from labelplatform.client.http import JSON
from labelplatform.client.masks import to_numpy, to_rle
from labelplatform.client.resources import Resource


class Sequences(Resource):
    def list(self, project: int) -> Iterator[JSON]:
        return self._http.pages("sequence_list", project_id=project)

    def upload(self, project: int, file: str | os.PathLike[str], *, name: str = "", fps: float | None = None) -> JSON:
        """A video (mp4, mov, webm) or a zip of frames; answers the decoding job, whose `sequence` is the new id
        (wait with ``client.jobs.wait``)."""
        path = Path(file)
        data: dict[str, Any] = {"name": name} if name else {}
        if fps is not None:
            data["fps"] = str(fps)
        with open(path, "rb") as handle:
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return dict(self._http.call("sequence_upload", files={"file": (path.name, handle, kind)}, data=data,
                                        project_id=project))

    def get(self, sequence: int) -> JSON:
        """``{id, name, status, fps, width, height, frame_count, frames: [{index, asset, ...}], tracks: [...]}``."""
        return dict(self._http.call("sequence_get", sequence_id=sequence))

    def delete(self, sequence: int) -> None:
        self._http.call("sequence_delete", sequence_id=sequence)

    def frames(self, sequence: int) -> Iterator[JSON]:
        return self._http.pages("sequence_frames", sequence_id=sequence)

    def frame_of(self, asset: int) -> JSON | None:
        """Which sequence ``asset`` is a frame of: ``{sequence, sequence_name, index, position, frames}``
        (``position`` from 1 among the frames you may see, the sequence editor's ``?frame=``); None for an asset
        of no sequence."""
        place = dict(self._http.call("asset_frame", asset_id=asset))
        return place if place["sequence"] is not None else None

    def tracks(self, sequence: int) -> builtins.list[JSON]:
        return list(self._http.call("track_list", sequence_id=sequence))

    def add_track(self, sequence: int, *, track: int | None = None, class_id: int | None = None, name: str = "",
                  attributes: JSON | None = None) -> JSON:
        """A track row; without ``track`` the server takes the next id no object of the sequence uses."""
        body: JSON = {"name": name, "attributes": attributes or {}, "class": class_id}
        if track is not None:
            body["track"] = track
        return dict(self._http.call("track_create", json=body, sequence_id=sequence))

    def set_track(self, sequence: int, track: int, *, class_id: int | None = None, name: str = "",
                  attributes: JSON | None = None) -> JSON:
        body: JSON = {"name": name, "attributes": attributes or {}, "class": class_id}
        return dict(self._http.call("track_set", json=body, sequence_id=sequence, track=track))

    def delete_track(self, sequence: int, track: int) -> None:
        self._http.call("track_delete", sequence_id=sequence, track=track)

    def propagate(self, sequence: int, start: int, *, to: int | None = None,
                  tracks: Sequence[int] | None = None, keyframes: bool = True) -> JSON:
        """Starts carrying the tracks of frame ``start`` to frame ``to``; answers the job. The results land as
        predictions of the frames (``track`` and ``score`` on each object). Between two labeled frames the
        tracks both have are carried from both ends and fused (``keyframes=False``: from ``start`` only)."""
        body: JSON = {"from": start, "keyframes": keyframes}
        if to is not None:
            body["to"] = to
        if tracks is not None:
            body["tracks"] = list(tracks)
        return dict(self._http.call("sequence_propagate", json=body, sequence_id=sequence))

    def repropagate(self, sequence: int, index: int, *, keyframes: bool = True) -> JSON:
        """After saving a label on frame ``index`` that corrects its propagated pre-label: the corrected tracks
        carried on from it (what the sequence editor does after each save). Answers ``{tracks, jobs: [{job,
        reused}], reason}``; ``jobs`` is empty when the label changed no propagated mask."""
        return dict(self._http.call("sequence_repropagate", json={"keyframes": keyframes}, sequence_id=sequence,
                                    index=index))

    def correct(self, sequence: int, index: int, mask: Any, clicks: Sequence[tuple[float, float, bool]], *,
                confidence: float | None = None, numpy: bool = False) -> JSON:
        """An object's ``mask`` (numpy or RLE) on frame ``index`` edited where the ``clicks`` (x, y, positive),
        every one so far on it, say it is wrong; answers ``{mask, area}`` and stores nothing. ``confidence``:
        propagation's, for a pre-label not yet corrected (under 0.7 it is redrawn).

        :class:`NotReady` (with the job) while a worker computes the frame's SAM embedding."""
        body: JSON = {"mask": to_rle(mask), "clicks": [{"x": x, "y": y, "positive": positive}
                                                       for x, y, positive in clicks]}
        if confidence is not None:
            body["confidence"] = confidence
        answer = dict(self._http.call_computed("sequence_correct", json=body, sequence_id=sequence, index=index))
        if numpy:
            answer["rle"], answer["mask"] = answer["mask"], to_numpy(answer["mask"])
        return answer
