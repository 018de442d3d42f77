"""Which exported assets are frames of a sequence: folder name and index, read once per part."""

from collections import Counter
from pathlib import Path

from labelplatform.datasets.formats.base import safe_name
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
