"""Helpers shared by the workflow and quality tests: assets without files, masks, label bodies."""

import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import numpy as np
from django.db import connections
from pycocotools import mask as coco

from labelplatform.assets.models import Asset
from labelplatform.projects.models import Project

HEIGHT, WIDTH = 30, 40


def make_assets(project: Project, count: int, priority: int = 0) -> list[Asset]:
    """Asset rows without stored files (the queue never reads the bytes)."""
    return [Asset.objects.create(project=project, name=f"a{i}.png", file="", width=WIDTH, height=HEIGHT,
                                 size_bytes=1, sha256="0" * 64, mime_type="image/png", priority=priority)
            for i in range(count)]


def rect(y0: int, y1: int, x0: int, x1: int) -> np.ndarray:
    mask = np.zeros((HEIGHT, WIDTH), np.uint8)
    mask[y0:y1, x0:x1] = 1
    return mask


def rle(mask: np.ndarray) -> dict[str, Any]:
    encoded = coco.encode(np.asfortranarray(mask.astype(np.uint8)))
    return {"size": list(encoded["size"]), "counts": encoded["counts"].decode("ascii")}


def label_body(*objects: tuple[int, np.ndarray], status: str = "submitted", time_spent_s: float = 10.0,
               **extra: Any) -> dict[str, Any]:
    return {
        "objects": [{"class": cls, "mask": rle(m), "attributes": {"occluded": "no"} if cls == 1 else {}}
                    for cls, m in objects],
        "classifications": {"weather": "sun"}, "status": status, "time_spent_s": time_spent_s, **extra,
    }


def car_label(status: str = "submitted", time_spent_s: float = 10.0) -> dict[str, Any]:
    return label_body((1, rect(2, 10, 3, 15)), status=status, time_spent_s=time_spent_s)


def set_settings(project: Project, **values: Any) -> None:
    project.settings = {**project.settings, **values}
    project.save(update_fields=["settings"])


T = TypeVar("T")


def run_together(target: Callable[[T], object], items: Iterable[T]) -> None:
    """target(item) for every item, each in a thread with its own connection, released together;
    an exception in any thread fails the test."""
    every = list(items)
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(every))

    def run(item: T) -> None:
        try:
            barrier.wait()
            target(item)
        except BaseException as exc:  # noqa: BLE001  (reported by the main thread)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(item,)) for item in every]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
