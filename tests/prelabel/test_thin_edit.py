"""A correction's click on a structure thinner than SAM's grid (prelabel/engines/thin.py), on made frames:
a white and blue ball with a grass blade across it, the mask drawn over the blade as SAM's grid would."""

import cv2
import numpy as np
from numpy.typing import NDArray

from labelplatform.prelabel.engines.thin import thin_edit

CELL = 854 / 256  # SAM's cell on a DAVIS frame
GRASS = (60, 120, 50)


def _ball() -> tuple[NDArray[np.uint8], NDArray[np.bool_], NDArray[np.bool_]]:
    """(image, ball's mask with the blade, the blade's pixels on the ball)."""
    image = np.full((120, 160, 3), GRASS, np.uint8)
    ball = np.zeros((120, 160), np.uint8)
    cv2.circle(ball, (80, 60), 40, 1, -1)
    image[ball > 0] = (235, 235, 240)
    image[40:80, 60:90][ball[40:80, 60:90] > 0] = (40, 60, 200)  # a blue patch: the object has two colours
    blade = np.zeros_like(ball)
    cv2.line(blade, (70, 5), (95, 115), 1, 2)
    image[blade > 0] = (80, 140, 70)
    return image, ball > 0, (blade > 0) & (ball > 0)


def test_a_click_on_a_blade_takes_the_whole_blade_out_of_the_mask() -> None:
    image, ball, blade = _ball()
    ys, xs = np.nonzero(blade)
    click = (float(xs[len(xs) // 2]), float(ys[len(ys) // 2]), False)

    result = thin_edit(image, ball, [click], CELL)

    assert result is not None
    assert np.count_nonzero(blade & result) <= 0.1 * np.count_nonzero(blade)  # the blade's length, not a piece
    assert not (ball & ~blade & ~result).any()  # nothing of the ball, white or blue, went with it
    assert not (result & ~ball).any()


def test_a_click_on_a_wide_region_is_left_to_sam() -> None:
    image, ball, _ = _ball()
    missed = ball.copy()
    missed[60:100, 20:60] = False  # a chunk of the ball the mask missed, wider than a cell

    assert thin_edit(image, missed, [(35.0, 75.0, True)], CELL) is None


def test_an_earlier_clicks_spot_stays_as_it_said() -> None:
    image, ball, blade = _ball()
    ys, xs = np.nonzero(blade)
    order = np.argsort(ys)
    earlier = (float(xs[order[10]]), float(ys[order[10]]), True)  # said: object here (wrongly, on the blade)
    click = (float(xs[order[-10]]), float(ys[order[-10]]), False)

    result = thin_edit(image, ball, [earlier, click], CELL)

    assert result is not None
    assert result[int(earlier[1]), int(earlier[0])]
    assert not result[int(click[1]), int(click[0])]


def test_a_thin_thing_apart_from_the_object_is_not_added_to_it() -> None:
    image, ball, _ = _ball()
    stick = np.zeros(ball.shape, np.uint8)
    cv2.line(stick, (5, 10), (5, 100), 1, 1)  # a thin, white line in the grass far from the ball
    image[stick > 0] = (235, 235, 240)

    assert thin_edit(image, ball, [(5.0, 55.0, True)], CELL) is None
