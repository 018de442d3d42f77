"""Tracks in the sequence editor, in Chromium against the real stack (gunicorn, Celery worker).

A labeler opens a three-frame sequence whose frame 0 holds cars on tracks 1 and 2 and frame 1 the car of
track 1; moves frame 1's car onto track 2, with the track menu and by dragging its object row onto the
track's row, and saves; on frame 0 moves track 1's car onto track 2 too, where the server's "one object per
track on a frame" refusal shows and nothing stored changes, then gives it a new track instead (dropped on
"+ New track", undone, then from the menu); and names track 2, sets its class and per-track attribute.
Every result is read back through the API in the same browser session.
"""

import numpy as np
import pytest
from pycocotools import mask as coco

from labelplatform.sequences.models import Sequence
from tests.e2e.browser import browser_page, log_in
from tests.e2e.test_ui_quality import check
from tests.sequences.conftest import frames_zip, run_started, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 160, 120
CAR, ROAD = 1, 2  # tests/conftest.py's CLASSES: car has a required "occluded" radio


def rle(top: int, left: int, height: int, width: int) -> dict:  # type: ignore[type-arg]
    mask = np.zeros((HEIGHT, WIDTH), np.uint8)
    mask[top:top + height, left:left + width] = 1
    encoded = coco.encode(np.asfortranarray(mask))
    return {"size": [HEIGHT, WIDTH], "counts": encoded["counts"].decode()}


def submit(client, asset_id: int, objects: list[tuple[dict, int]]) -> None:  # type: ignore[no-untyped-def,type-arg]
    body = {"status": "submitted", "objects": [
        {"class": CAR, "mask": mask, "track": track, "attributes": {"occluded": "no"}} for mask, track in objects]}
    response = client.post(f"/api/v1/assets/{asset_id}/labels", body, format="json")
    assert response.status_code == 201, response.json()


@pytest.fixture
def cars(client_for, project) -> Sequence:  # type: ignore[no-untyped-def]
    job = run_started(upload(client_for("manager"), project, "cars.zip",
                             frames_zip([(f"{i}.png", (WIDTH, HEIGHT)) for i in range(3)]), name="cars"))
    sequence = Sequence.objects.get(pk=job.params["sequence"])
    frames = {f.index: f.asset_id for f in sequence.frames.all()}
    labeler = client_for("labeler")
    submit(labeler, frames[0], [(rle(10, 10, 30, 40), 1), (rle(60, 90, 40, 50), 2)])
    submit(labeler, frames[1], [(rle(12, 14, 30, 40), 1)])
    return sequence


def api_get(page, base: str, path: str):  # type: ignore[no-untyped-def]
    answer = page.request.get(f"{base}/api/v1{path}")
    assert answer.status == 200, answer.text()
    return answer.json()


def stored_tracks(page, base: str, asset_id: int) -> list[int]:  # type: ignore[no-untyped-def]
    """The tracks of the labeler's label on the frame, in object order, as the API answers them."""
    labels = api_get(page, base, f"/assets/{asset_id}/labels")
    [label] = labels["results"] if isinstance(labels, dict) else labels
    return [o["track"] for o in label["objects"]]


def open_frame(page, position: int) -> None:  # type: ignore[no-untyped-def]
    page.locator(f"[data-testid='timeline-frame'][data-position='{position}']").click()
    page.locator(f"[data-testid='label-zoom'][data-ready='true'][data-position='{position}']").wait_for()


def save_frame(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_test_id("frame-save").click()
    page.locator("[data-testid='frame-save-status'][data-saving='false']").wait_for(timeout=30_000)


def track_row(page, track: int):  # type: ignore[no-untyped-def]
    return page.locator(f"[data-testid='track-row'][data-track='{track}']")


def drop_look(locator) -> str | None:  # type: ignore[no-untyped-def]
    """A drop target's look while an object is dragged: "ready", "over" (highlighted), or None (takes no drop)."""
    return locator.get_attribute("data-drop")  # type: ignore[no-any-return]


GRIP = {"x": 6, "y": 10}  # the row's class swatch: a press on its class menu would open the menu, not drag


def drag_onto(row, target) -> None:  # type: ignore[no-untyped-def]
    """Drags an object row onto a drop target with Playwright's drag_to. The target is scrolled into view first,
    as a labeler would: Chromium starts no drag when the side panel scrolls between the press and the move."""
    target.scroll_into_view_if_needed()
    row.drag_to(target, source_position=GRIP)


def start_drag(page, row) -> None:  # type: ignore[no-untyped-def]
    """Presses on an object row and moves a little: the drag starts, and the "+ New track" zone shows."""
    row.hover(position=GRIP)
    page.mouse.down()
    box = row.bounding_box()
    page.mouse.move(box["x"] + 40, box["y"] + 14)
    page.get_by_test_id("track-drop-new").wait_for()


def drag_over(target) -> None:  # type: ignore[no-untyped-def]
    """Moves the pointer, with the drag, over a target (two moves: each brings a dragover)."""
    target.hover()
    target.hover(position={"x": 20, "y": 8})


def test_move_objects_between_tracks_and_edit_a_track(stack_url, project, users, cars, tmp_path):
    frames = {f.index: f.asset_id for f in cars.frames.all()}
    problems: list[str] = []
    with browser_page(tmp_path) as page:
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        log_in(page, stack_url, "labeler")
        page.wait_for_url(lambda url: "/login" not in url)
        page.goto(f"{stack_url}/projects/{project.pk}/sequences/{cars.pk}?frame=2")
        page.locator("[data-testid='label-zoom'][data-ready='true'][data-position='1']").wait_for(timeout=30_000)
        car = page.get_by_test_id("object-row").first

        # when the labeler drags frame 1's car (track 1) over the tracks and lets go on its own track
        start_drag(page, car)
        drag_over(track_row(page, 1))
        # then its own track is not a target, track 2 is, and over it track 2 is highlighted
        assert drop_look(track_row(page, 1)) is None
        assert drop_look(track_row(page, 2)) == "ready"
        drag_over(track_row(page, 2))
        assert drop_look(track_row(page, 2)) == "over"
        page.screenshot(path=str(tmp_path / "drag_over_track.png"))
        drag_over(page.get_by_test_id("track-drop-new"))
        assert drop_look(page.get_by_test_id("track-drop-new")) == "over"
        assert drop_look(track_row(page, 2)) == "ready"
        page.screenshot(path=str(tmp_path / "drag_over_new.png"))
        drag_over(track_row(page, 1))
        page.mouse.up()
        # then the drop is refused: the car stays on track 1 and the frame holds no edit
        page.get_by_test_id("track-drop-new").wait_for(state="detached")  # the drag is over
        assert page.get_by_test_id("object-track").inner_text() == "track 1"
        assert page.get_by_test_id("frame-save-status").inner_text() == "saved (submitted)"

        # when the labeler selects frame 1's car (track 1) and picks track 2 from the track menu, then saves
        page.get_by_test_id("object-row").first.click()
        assert page.get_by_test_id("track-select").input_value() == "1"
        page.get_by_test_id("track-select").select_option("2")
        page.get_by_test_id("object-track").filter(has_text="track 2").wait_for()
        page.get_by_test_id("frame-save-status").filter(has_text="unsaved changes").wait_for()  # a move is an edit
        # when the labeler presses Ctrl+Z the car is back on track 1, and Ctrl+Shift+Z moves it to track 2 again
        page.evaluate("document.activeElement.blur()")  # keys in the menu are the menu's
        page.keyboard.press("Control+z")
        page.get_by_test_id("object-track").filter(has_text="track 1").wait_for()
        assert page.get_by_test_id("track-select").input_value() == "1"
        page.keyboard.press("Control+Shift+z")
        page.get_by_test_id("object-track").filter(has_text="track 2").wait_for()
        assert page.get_by_test_id("track-select").input_value() == "2"
        page.screenshot(path=str(tmp_path / "moved.png"))
        page.keyboard.press("Control+z")
        page.get_by_test_id("object-track").filter(has_text="track 1").wait_for()

        # when the car's row is dragged onto track 2's row instead
        drag_onto(car, track_row(page, 2))
        # then the object list and the menu show it on track 2, Ctrl+Z puts it back, and a second drag moves it again
        page.get_by_test_id("object-track").filter(has_text="track 2").wait_for()
        assert page.get_by_test_id("track-select").input_value() == "2"
        page.get_by_test_id("frame-save-status").filter(has_text="unsaved changes").wait_for()
        page.keyboard.press("Control+z")
        page.get_by_test_id("object-track").filter(has_text="track 1").wait_for()
        assert page.get_by_test_id("track-select").input_value() == "1"
        drag_onto(car, track_row(page, 2))
        page.get_by_test_id("object-track").filter(has_text="track 2").wait_for()
        save_frame(page)
        page.get_by_test_id("frame-save-status").filter(has_text="saved (submitted)").wait_for()
        # then the label the API answers holds the car on track 2
        assert stored_tracks(page, stack_url, frames[1]) == [2]

        # when on frame 0 track 1's car is moved onto track 2 as well, which the other car holds
        open_frame(page, 0)
        page.get_by_test_id("object-row").first.click()
        page.get_by_test_id("track-select").select_option("2")
        page.get_by_test_id("track-shared").filter(has_text="Track 2 is on 2 objects").wait_for()
        page.get_by_test_id("frame-save").click()
        # then the server's refusal shows, and the stored label keeps its tracks
        error = page.get_by_test_id("error").filter(has_text="one object per track on a frame")
        error.wait_for(timeout=30_000)
        assert "frame 1 not saved" in error.inner_text()
        page.screenshot(path=str(tmp_path / "refused.png"))
        assert page.get_by_test_id("frame-save-status").inner_text() == "not saved"
        assert stored_tracks(page, stack_url, frames[0]) == [1, 2]

        # when it is dropped on "+ New track" it is split off on track 3, and Ctrl+Z puts it back on track 2
        page.get_by_test_id("error").get_by_role("button", name="Dismiss").click()
        start_drag(page, car)
        drag_over(page.get_by_test_id("track-drop-new"))
        page.screenshot(path=str(tmp_path / "drag_new_track.png"))
        page.mouse.up()
        page.get_by_test_id("object-track").filter(has_text="track 3").wait_for()
        page.get_by_test_id("track-shared").wait_for(state="detached")
        page.keyboard.press("Control+z")
        page.get_by_test_id("track-shared").filter(has_text="Track 2 is on 2 objects").wait_for()

        # when it gets a new track from the menu instead (the T key focuses it) and the frame is saved
        page.evaluate("document.activeElement.blur()")  # the car stays selected; focus leaves the menu
        page.keyboard.press("t")
        assert page.evaluate("document.activeElement.dataset.testid") == "track-select"
        page.get_by_test_id("track-select").select_option("new")
        page.get_by_test_id("track-shared").wait_for(state="detached")
        save_frame(page)
        page.get_by_test_id("frame-save-status").filter(has_text="saved (submitted)").wait_for()
        # then the API answers a new track beside track 2 (3 went to the undone drop)
        assert stored_tracks(page, stack_url, frames[0]) == [4, 2]

        # when track 2 is named, given the car class and its per-track attribute in the track list
        row = page.locator("[data-testid='track-row'][data-track='2']")
        row.get_by_test_id("track-edit").click()
        editor = page.get_by_test_id("track-editor")
        editor.get_by_test_id("track-name").fill("left car")
        editor.get_by_test_id("track-class").select_option(str(CAR))
        editor.locator("[data-testid='attr-field'][data-name='occluded']").get_by_label("yes").check()
        page.screenshot(path=str(tmp_path / "track_edit.png"))
        editor.get_by_test_id("track-save").click()
        editor.wait_for(state="detached")
        row.filter(has_text="Track 2 · left car").wait_for()
        page.screenshot(path=str(tmp_path / "tracks.png"))
        # and the ? overlay lists the sequence keys beside the editor's
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.keyboard.press("?")
        assert "Focus the selected object's track menu" in page.get_by_test_id("help-overlay").inner_text()
        page.keyboard.press("?")
        page.get_by_test_id("help-overlay").wait_for(state="detached")
        check(page, "sequence editor tracks", None, problems)  # axe-core: no serious or critical violation
        tracks = {t["track"]: t for t in api_get(page, stack_url, f"/sequences/{cars.pk}/tracks")}

    assert problems == []
    # then the API answers track 2 with its name, class and attribute, on frames 0 and 1; track 1 is gone
    assert (tracks[2]["name"], tracks[2]["class"], tracks[2]["attributes"]) == ("left car", CAR, {"occluded": "yes"})
    assert (tracks[2]["labeled_frames"], tracks[2]["first"], tracks[2]["last"]) == (2, 0, 1)
    assert (tracks[4]["labeled_frames"], tracks[4]["first"]) == (1, 0)
    assert 1 not in tracks and 3 not in tracks
