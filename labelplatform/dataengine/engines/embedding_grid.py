"""The SAM image embedding as per-pixel features: its cells over the image, reduced and upsampled.

SAM's encoder sees the image resized so its longest side is 1024 and padded to 1024x1024; its embedding
is 256 channels on a 64x64 grid of that padded square, so only the top-left cells cover the image. Those
cells are what a region or a pixel of the image is described by. 256 channels per pixel would make the
pixel classifier slow; a per-project PCA basis keeps the few directions that vary in the project's images.
"""

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

PADDED_SIDE = 1024  # SAM's encoder input square
COMPONENTS = 16  # per-pixel embedding features given to the pixel classifier
BASIS_SAMPLES = 20000  # cells used to fit the basis: plenty for 16 directions


def embedding_cells(embedding: NDArray[np.floating], image_size: tuple[int, int]) -> NDArray[np.float32]:
    """(256, rows, cols): the cells of a [1, 256, 64, 64] embedding that cover an image of (height, width)."""
    grid = np.asarray(embedding, np.float32)
    grid = grid.reshape(grid.shape[-3], grid.shape[-2], grid.shape[-1])
    side = grid.shape[-1]
    height, width = image_size
    scale = PADDED_SIDE / max(height, width)
    rows = max(1, min(side, round(height * scale * side / PADDED_SIDE)))
    cols = max(1, min(side, round(width * scale * side / PADDED_SIDE)))
    return np.ascontiguousarray(grid[:, :rows, :cols])


@dataclass(frozen=True)
class EmbeddingBasis:
    mean: NDArray[np.float32]  # (256,)
    components: NDArray[np.float32]  # (k, 256), scaled so each projection has unit variance


def basis_fit(cells: list[NDArray[np.float32]], *, components: int = COMPONENTS, seed: int = 0) -> EmbeddingBasis:
    """Principal directions of the cells of the given images (whitened)."""
    rows = np.concatenate([c.reshape(c.shape[0], -1).T for c in cells])
    rng = np.random.default_rng(seed)
    if rows.shape[0] > BASIS_SAMPLES:
        rows = rows[rng.choice(rows.shape[0], BASIS_SAMPLES, replace=False)]
    mean = rows.mean(axis=0)
    centred = rows - mean
    # the eigenvectors of the 256x256 covariance, not an SVD of the rows: the same directions, 10x less CPU
    variance, vectors = np.linalg.eigh((centred.T @ centred) / max(1, rows.shape[0] - 1))
    k = min(components, rows.shape[0], vectors.shape[0])
    order = np.argsort(variance)[::-1][:k]
    scale = np.sqrt(np.maximum(variance[order], 0.0))
    directions = vectors[:, order].T
    return EmbeddingBasis(mean.astype(np.float32), (directions / np.maximum(scale, 1e-6)[:, None]).astype(np.float32))


def embedding_planes(
    basis: EmbeddingBasis, cells: NDArray[np.float32], image_size: tuple[int, int]
) -> NDArray[np.float32]:
    """(k, height, width): the projected cells, bilinearly upsampled to the image."""
    flat = cells.reshape(cells.shape[0], -1).T - basis.mean
    projected = (flat @ basis.components.T).T.reshape(-1, *cells.shape[1:])
    height, width = image_size
    return np.stack([cv2.resize(plane, (width, height), interpolation=cv2.INTER_LINEAR) for plane in projected]).astype(
        np.float32
    )
