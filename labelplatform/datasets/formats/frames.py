"""Which exported assets are frames of a sequence: folder name and index, read once per part; and what the
sequence formats (DAVIS, YouTube-VIS, MOTS) share: they write frames only, their images per sequence."""

from collections import Counter
from pathlib import Path
from typing import ClassVar

from labelplatform.datasets.formats.base import ExportContext, ExportFormat, safe_name
from labelplatform.datasets.rows import AssetRow
from labelplatform.sequences.selectors import frame_places


class FramePlaces:
    """asset id -> (sequence id, folder, frame index); the folder is the sequence's safe name, with its id
    as a prefix where two sequences of the project share a name."""

    def __init__(self) -> None:
        self._places: dict[int, tuple[int, str, int]] | None = None

    def of(self, project_id: int, asset_id: int) -> tuple[int, str, int] | None:
        if self._places is None:  # one query per part
            places = frame_places(project_id)
            names = Counter(safe_name(name) for _, name in {(seq, name) for seq, name, _ in places.values()})
            self._places = {
                asset: (sequence, f"{sequence}_{safe_name(name)}" if names[safe_name(name)] > 1 else safe_name(name),
                        index)
                for asset, (sequence, name, index) in places.items()}
        return self._places.get(asset_id)

    def image_path(self, project_id: int, asset_id: int, file: str, folder: str) -> str | None:
        """`folder`/<sequence>/<index, 5 digits><the stored file's suffix>; None for an asset that is no frame."""
        place = self.of(project_id, asset_id)
        return None if place is None else f"{folder}/{place[1]}/{place[2]:05d}{Path(file).suffix.lower()}"


class SequenceFormat(ExportFormat):
    """A format of sequences: assets that are no frame are left out; images go to JPEGImages/<sequence>/."""

    image_folder: ClassVar[str] = "JPEGImages"

    def __init__(self) -> None:
        self.frames = FramePlaces()

    def place(self, row: AssetRow, ctx: ExportContext) -> tuple[int, str, int] | None:
        """(sequence id, folder, frame index) of a frame; None for an asset that is no frame."""
        return self.frames.of(ctx.project_id, row.asset_id)

    def written(self, row: AssetRow, ctx: ExportContext) -> tuple[int, int]:
        if self.place(row, ctx) is None:
            return 0, 0
        return 1, sum(1 for o in row.objects if o.track is not None)

    def image_path(self, row: AssetRow, ctx: ExportContext) -> str | None:
        return self.frames.image_path(ctx.project_id, row.asset_id, row.file, self.image_folder)
