"""Decoded images per asset, kept in process memory (LRU) so every click reuses the work."""

import io
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from labelplatform.assets.external import asset_file_open
from labelplatform.assets.models import Asset
from labelplatform.prelabel.engines.grabcut import PreparedImage, prepare

CACHED_ASSETS = 8  # a labeler works on one image at a time; a 12 MP image holds ~40 MB here
T = TypeVar("T")


class LruCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: tuple[object, ...], make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[return-value]
        value = make()  # outside the lock: decoding may take a while
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __contains__(self, key: tuple[object, ...]) -> bool:
        return key in self._items

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


PREPARED = LruCache(CACHED_ASSETS)


def decoded_rgb(data: bytes, at_least: tuple[int, int] | None = None) -> NDArray[np.uint8]:
    """An encoded image's pixels as RGB uint8. With `at_least` (width, height) a JPEG is decoded at the smallest
    DCT scale (1/2, 1/4, 1/8) that still covers it: SAM's encoder takes 1024 px, so a 12 MP photo decodes at a
    quarter of its pixels (about 60 MB less at the encoder's peak, and faster)."""
    with Image.open(io.BytesIO(data)) as image:
        if at_least is not None:
            image.draft(image.mode, at_least)
        return np.asarray(image.convert("RGB"))


def asset_rgb(asset: Asset, at_least: tuple[int, int] | None = None) -> NDArray[np.uint8]:
    """The asset's pixels as RGB uint8 (uploads are already upright, so no EXIF step here); `decoded_rgb`."""
    with asset_file_open(asset.file) as handle:
        return decoded_rgb(handle.read(), at_least)


def asset_prepared(asset: Asset) -> PreparedImage:
    """The interactive engine's per-image state, cached by asset id and content hash."""
    return PREPARED.get_or_make(("prepared", asset.pk, asset.sha256), lambda: prepare(asset_rgb(asset)))


def asset_rgb_cached(asset: Asset) -> NDArray[np.uint8]:
    """The decoded pixels kept with the other per-asset state (SAM's edge refinement reads them every click)."""
    return PREPARED.get_or_make(("rgb", asset.pk, asset.sha256), lambda: asset_rgb(asset))
