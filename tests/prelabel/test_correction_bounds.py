"""A correction's colour edit (propagate.colour_edit) changes only what its click justifies, on made frames:
a white ball on grass whose lower rim is shaded to the grass's colour, with a grass blade across it."""

import cv2
import numpy as np
from numpy.typing import NDArray

from labelplatform.prelabel.engines.propagate import colour_edit
from tests.prelabel.test_thin_edit import CELL, GRASS

CENTRE, RADIUS, RIM = (100, 100), 70, 14


def _disc(radius: int) -> NDArray[np.bool_]:
    disc = np.zeros((200, 200), np.uint8)
    cv2.circle(disc, CENTRE, radius, 1, -1)
    return disc > 0


def _ball(shaded_rim: bool, with_blade: bool = True
          ) -> tuple[NDArray[np.uint8], NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_]]:
    """(image, ball's mask with the blade, the blade's pixels on the ball, the shaded rim)."""
    image = np.full((200, 200, 3), GRASS, np.uint8)
    ball = _disc(RADIUS)
    image[ball] = (235, 235, 240)
    rim = ball & ~_disc(RADIUS - RIM) & (np.arange(200) > CENTRE[1] + 20)[:, None]  # lower rim, 14 px wide
    if shaded_rim:
        image[rim] = (70, 115, 60)  # in shadow the ball's white looks like the grass
    blade = np.zeros((200, 200), np.uint8)
    if with_blade:
        cv2.line(blade, (100, 45), (100, 165), 1, 2)  # from deep inside the ball down into the rim
    image[blade > 0] = (80, 140, 70)
    return image, ball, (blade > 0) & ball & ~rim, rim


def test_a_click_on_a_blade_leaves_the_shaded_rim_its_colour_runs_into() -> None:
    image, ball, blade, rim = _ball(shaded_rim=True)
    click = (100.0, 70.0, False)  # 40 px deep in the ball: the colour edit's window reaches 120 px

    result = colour_edit(image, ball, [click], CELL)

    # the old edit moved the whole rim with the blade (2545 px; now 330), far more than a 3-px blade says
    assert np.count_nonzero(rim & ~result) <= 0.05 * np.count_nonzero(rim)
    assert np.count_nonzero(ball ^ result) <= np.count_nonzero(blade) + 4 * CELL * CELL
    assert not result[70, 100]


def test_a_click_on_a_blade_still_takes_the_blade_along_its_length() -> None:
    image, ball, blade, _ = _ball(shaded_rim=False)

    result = colour_edit(image, ball, [(100.0, 70.0, False)], CELL)

    assert np.count_nonzero(blade & result) <= 0.1 * np.count_nonzero(blade)  # past the click's 4 cells
    assert np.count_nonzero(ball & ~blade & ~result) <= 0.15 * np.count_nonzero(blade)  # the blur's halo


def test_a_click_deep_in_a_wide_miss_still_fills_it() -> None:
    image, ball, _, _ = _ball(shaded_rim=False, with_blade=False)
    missed = ball & (np.arange(200) > 60)[:, None]  # the mask lost the ball's cap, 30 px high
    cap = ball & ~missed

    result = colour_edit(image, missed, [(100.0, 45.0, True)], CELL)

    assert np.count_nonzero(cap & result) >= 0.8 * np.count_nonzero(cap)  # farther than 4 cells from the click
    assert not (result & ~_disc(RADIUS + 1)).any()  # the ball's edge, to the pixel of the blur
