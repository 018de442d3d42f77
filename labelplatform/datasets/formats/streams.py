"""Where one export part writes: per-image files, and streams of fragments, raw or already deflated.

A stream is split into its first byte (the `lead`: a separator such as the comma before the
first item, which the joiner may drop) and the rest (the `body`). With deflate on, the body is
compressed while the part is written, into a raw deflate segment that ends on a byte boundary
(a sync flush): the joiner splices the parts' segments into one zip entry without compressing
again, so compression runs in the parts (in parallel when several workers write parts) and, on a
thread, overlaps the database reads of its own part (zlib releases the GIL while it compresses).
"""

import queue
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

DEFLATE_LEVEL = 1  # fast, and JSON of RLE counts still shrinks ~3x (level 6: 10x slower for 25 % less)
STREAM_CHUNK = 1 << 20  # bytes handed to the compressor at a time
QUEUED_CHUNKS = 4  # chunks waiting for the compressor: bounds a part's memory
META_FILE = "streams.json"


@dataclass(frozen=True)
class Fragment:
    """One part's piece of a stream: `lead` (0 or 1 byte) then the body in `path`."""

    path: Path
    lead: bytes
    size: int  # bytes of the body, uncompressed
    crc: int  # CRC-32 of the body, uncompressed
    deflated: bool  # the body is a raw deflate segment ending in a sync flush


class StreamWriter:
    """Collects one stream of a part; deflating happens on a thread fed through a small queue."""

    def __init__(self, path: Path, deflate: bool) -> None:
        self.path = path
        self.lead = b""
        self.size = 0
        self.crc = 0
        self.deflate = deflate
        self._started = False
        self._pending: list[bytes] = []
        self._pending_size = 0
        self._file: IO[bytes] = open(path, "wb")  # noqa: SIM115 (closed in close())
        self._error: BaseException | None = None
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=QUEUED_CHUNKS)
        self._thread: threading.Thread | None = None
        if deflate:
            self._thread = threading.Thread(target=self._compress, name=f"deflate-{path.name}", daemon=True)
            self._thread.start()

    def write(self, data: bytes) -> None:
        if not self._started and data:
            self._started = True
            self.lead, data = data[:1], data[1:]
        self._pending.append(data)
        self._pending_size += len(data)
        if self._pending_size >= STREAM_CHUNK:
            self._hand_over()

    def _hand_over(self) -> None:
        chunk = b"".join(self._pending)
        self._pending.clear()
        self._pending_size = 0
        if not chunk:
            return
        self.size += len(chunk)
        if self._thread is None:
            self.crc = zlib.crc32(chunk, self.crc)
            self._file.write(chunk)
            return
        if self._error is not None:
            raise self._error
        self._queue.put(chunk)

    def _compress(self) -> None:
        compressor = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
        while (chunk := self._queue.get()) is not None:
            if self._error is not None:
                continue  # keep draining so the writer never blocks on a full queue
            try:
                self.crc = zlib.crc32(chunk, self.crc)
                self._file.write(compressor.compress(chunk))
            except BaseException as exc:  # noqa: BLE001 (re-raised in the writing thread)
                self._error = exc
        if self._error is None:
            try:
                self._file.write(compressor.flush(zlib.Z_SYNC_FLUSH))  # byte-aligned, not final: splicable
            except BaseException as exc:  # noqa: BLE001
                self._error = exc

    def close(self) -> Fragment:
        try:
            self._hand_over()
        finally:
            if self._thread is not None:
                self._queue.put(None)
                self._thread.join()
            self._file.close()
        if self._error is not None:
            raise self._error
        return Fragment(self.path, self.lead, self.size, self.crc, self.deflate)


    def abandon(self) -> None:
        if self._thread is not None:
            self._error = self._error or RuntimeError("stream abandoned")  # the thread drains without writing
            self._queue.put(None)
            self._thread.join()
        self._file.close()


class PartSink:
    """Where one part writes: files under `root/files/`, streams in `root/<stream>.frag`."""

    def __init__(self, root: Path, deflate: bool = False) -> None:
        self.root = root
        self.deflate = deflate
        self._streams: dict[str, StreamWriter] = {}
        self._images: IO[str] | None = None

    def add_file(self, arcname: str, data: bytes) -> None:
        path = self.root / "files" / arcname
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def append(self, stream: str, data: bytes) -> None:
        writer = self._streams.get(stream)
        if writer is None:
            writer = self._streams[stream] = StreamWriter(self.root / f"{stream}.frag", self.deflate)
        writer.write(data)

    def add_image(self, arcname: str, stored: str) -> None:
        """An image file to copy into the zip as it is (include_images)."""
        if self._images is None:
            self._images = open(self.root / "images.list", "w", encoding="utf-8")  # noqa: SIM115
        self._images.write(f"{arcname}\t{stored}\n")

    def close(self) -> None:
        """Finish every stream and record what the joiner needs to know about each."""
        meta = {}
        try:
            for name, writer in self._streams.items():
                fragment = writer.close()
                meta[name] = {"lead": fragment.lead.hex(), "size": fragment.size, "crc": fragment.crc,
                              "deflated": fragment.deflated}
        finally:
            if self._images is not None:
                self._images.close()
            self._streams.clear()
        (self.root / META_FILE).write_bytes(orjson.dumps(meta))

    def discard(self) -> None:
        """After a failure: stop the compressor threads and close the files (the scratch folder is left)."""
        for writer in self._streams.values():
            writer.abandon()
        self._streams.clear()
        if self._images is not None:
            self._images.close()


def fragments(parts: list[Path], stream: str) -> list[Fragment]:
    """The parts' fragments of one stream, in part order (parts that wrote nothing to it are skipped)."""
    found = []
    for part in parts:
        meta_path = part / META_FILE
        if not meta_path.exists():
            continue
        entry = orjson.loads(meta_path.read_bytes()).get(stream)
        if entry is not None:
            found.append(Fragment(part / f"{stream}.frag", bytes.fromhex(entry["lead"]), entry["size"],
                                  entry["crc"], entry["deflated"]))
    return found


def stream_items(parts: list[Path], stream: str) -> list[Any]:
    """The items the parts wrote to `stream` (each led by a comma), parsed back."""
    joined = bytearray()
    for fragment in fragments(parts, stream):
        body = fragment.path.read_bytes()
        if fragment.deflated:
            body = zlib.decompressobj(-zlib.MAX_WBITS).decompress(body)
        joined += fragment.lead + body
    items: list[Any] = orjson.loads(b"[" + bytes(joined[1:]) + b"]") if joined else []
    return items
