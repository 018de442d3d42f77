"""What the sequence editor's Chromium tests share: the DAVIS "bear" clip (or a made one), the "bear" class,
the upload on the project page, and reading what the editor holds and what was stored."""

import io
import os
import zipfile
from pathlib import Path

import cv2
import numpy as np
import pytest
from django.db import transaction
from PIL import Image

from labelplatform.labels.models import Label
from labelplatform.labels.selectors import revision_of
from labelplatform.masks import decode
from labelplatform.projects.ontology import OntologySerializer
from labelplatform.projects.selectors import ontology_current
from labelplatform.projects.services import ontology_save
from labelplatform.sequences.models import Sequence
from tests.e2e.browser import image_origin
from tests.prelabel import conftest as prelabel_fixtures

installed = prelabel_fixtures.installed  # the one model-installed fixture (fails under CI, skips elsewhere)

BEAR = Path(__file__).resolve().parents[3] / "shared" / "data" / "davis2016_video" / "bear"
FRAMES = 5
WIDTH, HEIGHT = 854, 480
BRUSH = 12


def bear_truth(*indexes: int) -> list[np.ndarray]:
    """DAVIS bear's ground-truth masks of these frames, for the tests that need its real background (a made
    clip has none): a failure under CI, which has ../shared, and a skip elsewhere without it."""
    if not BEAR.is_dir():
        message = "needs ../shared/data/davis2016_video/bear (DAVIS bear's frames and ground truth)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return [cv2.imread(str(BEAR / "masks" / f"{i:05d}.png")).max(axis=2) > 0 for i in indexes]


def inmost(mask: np.ndarray) -> tuple[int, int]:
    """The mask's pixel farthest from its border (x, y): where the robot user clicks."""
    distance = cv2.distanceTransform(np.pad(mask.astype(np.uint8), 1), cv2.DIST_L2, 5)[1:-1, 1:-1]
    y, x = np.unravel_index(int(np.argmax(distance)), distance.shape)
    return int(x), int(y)


def clip() -> tuple[list[bytes], np.ndarray]:
    """JPEG frames and frame 0's object mask: DAVIS bear when present, else an ellipse moving right."""
    if BEAR.is_dir():
        frames = [(BEAR / "frames" / f"{i:05d}.jpg").read_bytes() for i in range(FRAMES)]
        truth = np.array(Image.open(BEAR / "masks" / "00000.png")) > 0
        return frames, truth
    yy, xx = np.mgrid[:HEIGHT, :WIDTH]
    frames, truth = [], None
    for i in range(FRAMES):
        inside = ((xx - 300 - 8 * i) / 150.0) ** 2 + ((yy - 240) / 110.0) ** 2 <= 1
        rgb = np.full((HEIGHT, WIDTH, 3), (60, 110, 60), np.uint8)
        rgb[inside] = (120, 80, 50)
        out = io.BytesIO()
        Image.fromarray(rgb).save(out, "JPEG", quality=95)
        frames.append(out.getvalue())
        truth = inside if truth is None else truth
    assert truth is not None
    return frames, truth


def frames_zip(frames: list[bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i, data in enumerate(frames):
            archive.writestr(f"bear/{i:05d}.jpg", data)
    return out.getvalue()


def add_bear_class(project, users) -> int:  # type: ignore[no-untyped-def]
    """A "bear" class added to the project's ontology; its id."""
    with transaction.atomic():
        current = ontology_current(project).document
        document = OntologySerializer(
            data={
                "classes": [c for c in current["classes"] if not c["archived"]]
                + [{"name": "bear", "color": "#3050ff", "kind": "thing"}],
                "classifications": [],
            }
        )
        document.is_valid(raise_exception=True)
        ontology_save(project=project, user=users["manager"], document=document.validated_data)
    return int(next(c["id"] for c in ontology_current(project).document["classes"] if c["name"] == "bear"))


def upload_in_page(page, project, frames: list[bytes], tmp_path: Path) -> Sequence:  # type: ignore[no-untyped-def]
    """The frames uploaded as a zip named "bear" on the project page, decoded by the worker."""
    zip_path = tmp_path / "bear.zip"
    zip_path.write_bytes(frames_zip(frames))
    page.get_by_test_id("project-card").filter(has_text=project.name).click()
    page.get_by_test_id("sequence-file").set_input_files(str(zip_path))
    page.get_by_test_id("sequence-name").fill("bear")
    page.get_by_test_id("sequence-upload").click()
    page.get_by_test_id("sequence-row").filter(has_text=f"{len(frames)} frames").wait_for(timeout=90_000)
    page.get_by_test_id("sequence-decode-job").wait_for(state="detached")  # its progress goes once it succeeded
    page.screenshot(path=str(tmp_path / "project.png"), full_page=True)
    return Sequence.objects.get(project=project, name="bear")


def outline(mask: np.ndarray) -> list[tuple[int, int]]:
    """The object's outer contour simplified to a few dozen integer vertices (polygon clicks)."""
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    largest = max(contours, key=cv2.contourArea)
    return [(int(x), int(y)) for x, y in cv2.approxPolyDP(largest, 3.0, True)[:, 0, :]]


def editor_masks(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """What the editor in the page holds now, as the label body it would send (RLE per object, track)."""
    return page.evaluate("""(() => {
      const s = window.__sequenceBench.session;
      const e = s.editor;
      return s.tracks.labelBody(e.labelMap, e.width, e.height, e.objects, e.classifications, s.deps.ontology).objects
        .map((o) => ({ track: o.track, cls: o.class, counts: o.mask.counts }));
    })()""")


def stored_objects(asset_id: int) -> list:  # type: ignore[type-arg]
    label = Label.objects.get(asset_id=asset_id)
    return list(revision_of(label).label_objects.order_by("order"))


def to_mask(counts: str) -> np.ndarray:
    return decode({"size": [HEIGHT, WIDTH], "counts": counts}).astype(bool)


def wait_saved(page) -> None:  # type: ignore[no-untyped-def]
    status = page.locator("[data-testid='frame-save-status'][data-saving='false']")
    status.filter(has_text="saved (submitted)").wait_for(timeout=30_000)


def open_at_one_to_one(page) -> None:  # type: ignore[no-untyped-def]
    """The open sequence editor reloaded with its bench hooks on (window.__sequenceBench), zoomed to 1:1."""
    page.goto(page.url + "?bench=1")
    page.locator("[data-testid='label-zoom'][data-ready='true']").wait_for(timeout=30_000)
    page.get_by_test_id("zoom-1to1").click()
    page.wait_for_function("document.querySelector(\"[data-testid='label-zoom']\").dataset.scale === '1'")


def draw_polygon(page, class_key: str, mask: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    """The class's key, the polygon tool, a click on each vertex of the mask's outline, Enter: a new object."""
    origin = image_origin(page)
    page.keyboard.press(class_key)
    page.keyboard.press("g")
    for x, y in outline(mask):
        page.mouse.click(origin[0] + x, origin[1] + y)
    page.keyboard.press("Enter")


def erase_across(page, mask: np.ndarray) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """An eraser stroke (BRUSH px) along the mask's widest row, a little past both ends: (row, x0, x1)."""
    y = int(mask.sum(axis=1).argmax())
    xs = np.nonzero(mask[y])[0]
    x0, x1 = max(0, int(xs.min()) - 5), min(WIDTH - 1, int(xs.max()) + 5)
    page.keyboard.press("e")
    page.get_by_test_id("brush-size").fill(str(BRUSH))
    origin = image_origin(page)
    page.mouse.move(origin[0] + x0, origin[1] + y)
    page.mouse.down()
    for x in range(x0, x1 + 1, 10):
        page.mouse.move(origin[0] + x, origin[1] + y)
    page.mouse.move(origin[0] + x1, origin[1] + y)
    page.mouse.up()
    return y, x0, x1
