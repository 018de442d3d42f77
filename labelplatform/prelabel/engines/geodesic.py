"""Geodesic (colour-path) distances on a small grid: which seeds a pixel is closest to by colour."""

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

STEP_COST = 1.0  # Lab units per grid step: keeps far pixels of the same colour from ranking as near


@dataclass(frozen=True)
class GeodesicGrid:
    """A 4-connected grid whose edge weights are colour differences in Lab."""

    shape: tuple[int, int]
    graph: csr_matrix


def build_grid(lab: NDArray[np.float32]) -> GeodesicGrid:
    height, width = lab.shape[:2]
    ids = np.arange(height * width).reshape(height, width)
    rows, cols, weights = [], [], []
    for dy, dx in ((0, 1), (1, 0)):
        a = ids[: height - dy, : width - dx].ravel()
        b = ids[dy:, dx:].ravel()
        diff = lab[: height - dy, : width - dx] - lab[dy:, dx:]
        w = np.sqrt((diff * diff).sum(axis=2)).ravel() + STEP_COST
        rows += [a, b]
        cols += [b, a]
        weights += [w, w]
    graph = csr_matrix((np.concatenate(weights), (np.concatenate(rows), np.concatenate(cols))),
                       shape=(height * width, height * width))
    return GeodesicGrid((height, width), graph)


def lab_of(image_rgb: NDArray[np.uint8]) -> NDArray[np.float32]:
    smoothed = cv2.GaussianBlur(image_rgb, (0, 0), 1.0)
    return np.asarray(cv2.cvtColor(smoothed.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB), np.float32)


def distance_from(grid: GeodesicGrid, seeds: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Geodesic distance of every grid cell to the nearest seed (inf when there is none)."""
    indices = np.flatnonzero(seeds.ravel())
    if indices.size == 0:
        return np.full(grid.shape, np.inf)
    distance = dijkstra(grid.graph, directed=False, indices=indices, min_only=True)
    return np.asarray(distance).reshape(grid.shape)
