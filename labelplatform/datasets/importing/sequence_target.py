"""The sequence an import of a sequence format writes into: its frames by index, the file's folder
to read, and the class of each track (the import's mapping, else the file's, else the track's row)."""

from typing import Any

from labelplatform.datasets.formats.base import safe_name
from labelplatform.datasets.importing.items import ImportObject
from labelplatform.datasets.importing.readers_sequence import SequenceReader
from labelplatform.datasets.importing.sources import SourceError, Tree
from labelplatform.sequences.models import Frame, Sequence, Track


class SequenceTarget:
    def __init__(self, sequence_id: int, track_classes: dict[str, Any]) -> None:
        self.sequence = Sequence.objects.get(pk=sequence_id)
        self.frames = dict(Frame.objects.filter(sequence=self.sequence).values_list("index", "asset_id"))
        self.mapped = {int(track): ref for track, ref in track_classes.items()}
        self.rows = dict(Track.objects.filter(sequence=self.sequence, class_id__isnull=False)
                         .values_list("track", "class_id"))

    def choose_folder(self, reader: SequenceReader, tree: Tree) -> str:
        """The file's sequence named like this one (as the exports name it), or its only one."""
        found = reader.folders(tree)
        name = safe_name(self.sequence.name)
        for wanted in (name, f"{self.sequence.pk}_{name}", self.sequence.name):
            if wanted in found:
                return wanted
        if len(found) == 1:
            return found[0]
        if not found:
            raise SourceError(f"no sequence in the file for the {reader.name} format")
        raise SourceError(f"the file holds {len(found)} sequences ({', '.join(found[:20])}); none is named "
                          f"{name!r}: import one at a time or rename it")

    def asset_of(self, frame: int) -> int:
        found = self.frames.get(frame)
        if found is None:
            raise SourceError(f"frame {frame} is not in sequence {self.sequence.pk} "
                              f"(0..{len(self.frames) - 1})")
        return found

    def class_ref(self, obj: ImportObject) -> Any:
        if obj.track in self.mapped:
            return self.mapped[obj.track]
        if obj.class_ref is not None:
            return obj.class_ref
        return self.rows.get(obj.track) if obj.track is not None else None
