"""Small street-like scenes for the data engine tests: grey road (class 2) below, dark sky (nothing) above,
red cars (class 1) standing on the road. Returns the image, the class map and each car's mask."""

import numpy as np

SIZE = 192
CAR, ROAD = 1, 2


def street(seed: int, cars: int = 2) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    rng = np.random.default_rng(seed)
    image = np.empty((SIZE, SIZE, 3), np.float64)
    image[:] = (30, 40, 80)
    horizon = SIZE // 2
    image[horizon:] = (120, 120, 120)
    classes = np.zeros((SIZE, SIZE), np.uint8)
    classes[horizon:] = ROAD
    yy, xx = np.mgrid[:SIZE, :SIZE]
    masks = []
    for index in range(cars):
        cx = SIZE * (0.25 + 0.5 * index / max(1, cars - 1)) + rng.uniform(-8, 8)
        cy = horizon + rng.uniform(20, 50)
        car = ((xx - cx) / rng.uniform(22, 28)) ** 2 + ((yy - cy) / rng.uniform(13, 17)) ** 2 <= 1.0
        image[car] = (200, 30, 40)
        classes[car] = CAR
        masks.append(car)
    noisy = image + rng.normal(0, 6, image.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8), classes, masks
