"""Multi-scale pixel features as ilastik computes them, with OpenCV for speed.

Per sigma: Gaussian-smoothed colour (Lab), gradient magnitude, Laplacian of Gaussian,
structure tensor eigenvalues and Hessian eigenvalues of the lightness channel.
"""

import cv2
import numpy as np
from numpy.typing import NDArray

SIGMAS = (0.7, 1.6, 3.5, 5.0)
STRUCTURE_SCALE = 2.0  # the tensor's integration scale, relative to sigma (ilastik's default ratio)
FEATURES_PER_SIGMA = 3 + 1 + 1 + 2 + 2


def feature_count(sigmas: tuple[float, ...] = SIGMAS) -> int:
    return len(sigmas) * FEATURES_PER_SIGMA


def _blur(channel: NDArray[np.float32], sigma: float) -> NDArray[np.float32]:
    return np.asarray(cv2.GaussianBlur(channel, (0, 0), sigma, borderType=cv2.BORDER_REFLECT), np.float32)


def _sobel(image: NDArray[np.float32], dx: int, dy: int) -> NDArray[np.float32]:
    return np.asarray(cv2.Sobel(image, cv2.CV_32F, dx, dy, ksize=3), np.float32)


def _eigenvalues(
    xx: NDArray[np.float32], xy: NDArray[np.float32], yy: NDArray[np.float32]
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Eigenvalues of the symmetric 2x2 field [[xx, xy], [xy, yy]], larger first."""
    half_trace = (xx + yy) * 0.5
    root = np.sqrt(((xx - yy) * 0.5) ** 2 + xy * xy).astype(np.float32)
    return half_trace + root, half_trace - root


def pixel_features(
    image_rgb: NDArray[np.uint8], sigmas: tuple[float, ...] = SIGMAS, extra: NDArray[np.float32] | None = None
) -> NDArray[np.float32]:
    """(n_features, height, width) float32 features of an RGB (or grey) uint8 image, then the `extra`
    (n, height, width) planes if given (written into the same array: no copy of the whole stack).

    Feature planes are contiguous: writing them is cheap, and feature_rows() gives the (pixels, features)
    rows a classifier wants without copying them.
    """
    if image_rgb.ndim == 2:
        image_rgb = np.asarray(cv2.cvtColor(image_rgb, cv2.COLOR_GRAY2RGB), np.uint8)
    lab = cv2.cvtColor(image_rgb, cv2.COLOR_RGB2LAB)  # 8-bit Lab: 10x faster than float, same ordering
    channels = [np.asarray(c, np.float32) for c in cv2.split(lab)]
    lightness = channels[0] / np.float32(255.0)
    height, width = lightness.shape
    count = feature_count(sigmas)
    out = np.empty((count + (0 if extra is None else extra.shape[0]), height, width), np.float32)
    if extra is not None:
        out[count:] = extra
    column = 0

    def put(value: NDArray[np.float32]) -> None:
        nonlocal column
        out[column] = value
        column += 1

    for sigma in sigmas:
        for channel in channels:
            put(_blur(channel, sigma))
        smooth = _blur(lightness, sigma)
        gx = _sobel(smooth, 1, 0)
        gy = _sobel(smooth, 0, 1)
        put(np.asarray(cv2.magnitude(gx, gy), np.float32))
        dxx, dyy, dxy = (
            np.asarray(cv2.Sobel(smooth, cv2.CV_32F, dx, dy, ksize=3), np.float32)
            for dx, dy in ((2, 0), (0, 2), (1, 1))
        )
        put(((dxx + dyy) * np.float32(sigma * sigma)).astype(np.float32))  # scale-normalised LoG
        structure = STRUCTURE_SCALE * sigma
        tensor = [_blur((a * b).astype(np.float32), structure) for a, b in ((gx, gx), (gx, gy), (gy, gy))]
        for value in _eigenvalues(*tensor):
            put(value)
        for value in _eigenvalues(dxx, dxy, dyy):
            put(value * sigma * sigma)
    return out


def feature_rows(planes: NDArray[np.float32]) -> NDArray[np.float32]:
    """(pixels, features) rows of (features, height, width) planes: a transposed view, not a copy (scikit-learn's
    trees read any strides; copying a 1 MP image's 52 planes cost 0.04-0.1 s)."""
    return planes.reshape(planes.shape[0], -1).T
