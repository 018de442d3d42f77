"""A labeler turns one click into a mask with the auto-segment tool in Chromium; pre-labels open as editable objects."""

import io

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from labelplatform.assets.services import assets_upload
from labelplatform.jobs.models import Job
from labelplatform.labels.models import Label
from labelplatform.labels.selectors import revision_of
from labelplatform.masks import decode, encode, iou
from labelplatform.prelabel.registration import model_register
from labelplatform.prelabel.services import prediction_store
from tests.e2e.browser import browser_page, image_origin, log_in
from tests.prelabel.models import SAM_CONFIG, sam_pair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 320, 240
DISC = (150, 115, 52)  # centre x, centre y, radius


def disc_mask() -> np.ndarray:
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH]
    cx, cy, r = DISC
    return (xx - cx) ** 2 + (yy - cy) ** 2 <= r * r


def disc_image_png(red: bool = False) -> bytes:
    """A bright, slightly noisy disc on a dark textured background (stripes plus noise); red for the tiny SAM."""
    rng = np.random.default_rng(7)
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH]
    background = 35 + 15 * np.sin(xx / 5.0) * np.cos(yy / 7.0) + rng.normal(0, 8, (HEIGHT, WIDTH))
    foreground = 215 + rng.normal(0, 10, (HEIGHT, WIDTH))
    grey = np.where(disc_mask(), foreground, background)
    tint = np.where(disc_mask(), 0.2, 0.9) if red else 0.9
    rgb = np.stack([grey, grey * tint, grey * 0.6 * (tint if red else 1)], axis=-1).clip(0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, format="PNG")
    return out.getvalue()


def log_in_and_open(page, stack_url: str, project, asset) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Log in as the labeler, open the asset's editor at 1:1; returns the screen position of image pixel (0, 0)."""
    log_in(page, stack_url, "labeler")
    page.get_by_test_id("project-card").filter(has_text=project.name).click()
    page.locator(f"[data-testid='asset-label-link'][data-asset-id='{asset.pk}']").click()
    page.locator("[data-testid='label-zoom'][data-ready='true']").wait_for(timeout=20_000)
    page.get_by_test_id("zoom-1to1").click()
    page.wait_for_function("document.querySelector(\"[data-testid='label-zoom']\").dataset.scale === '1'")
    zoom = page.get_by_test_id("label-zoom")
    offset_x, offset_y = float(zoom.get_attribute("data-offset-x")), float(zoom.get_attribute("data-offset-y"))
    stage = page.get_by_test_id("label-stage").bounding_box()
    return stage["x"] + offset_x, stage["y"] + offset_y


def answer_and_submit(page, screenshot) -> None:  # type: ignore[no-untyped-def]
    """Answer the selected car's required question, then submit and wait for the save."""
    page.locator("[data-testid='selected-object'] [data-testid='attr-option'][data-value='no']").check()
    page.screenshot(path=str(screenshot))
    page.get_by_test_id("label-submit").click()
    page.locator("[data-testid='save-status'][data-phase='saved']").filter(has_text="submitted").wait_for(
        timeout=20_000
    )


def stored_masks(asset, user) -> dict[int, np.ndarray]:  # type: ignore[no-untyped-def]
    label = Label.objects.get(asset=asset, author=user)
    assert label.status == "submitted"
    revision = revision_of(label)
    return {o.class_id: decode({"size": [HEIGHT, WIDTH], "counts": o.counts}) for o in revision.label_objects.all()}



def test_one_click_segments_the_disc_then_accept_and_submit(stack_url, project, users, tmp_path):
    # given an uploaded image of a bright disc on a dark textured background
    with transaction.atomic():
        asset = assets_upload(project=project, user=users["manager"],
                              files=[SimpleUploadedFile("disc.png", disc_image_png())])[0]

    with browser_page(tmp_path) as page:
        origin = log_in_and_open(page, stack_url, project, asset)
        # when the labeler picks the auto-segment tool with its shortcut and clicks once inside the disc
        page.keyboard.press("1")
        page.keyboard.press("s")
        bar = page.get_by_test_id("segment-bar")
        bar.wait_for()
        assert page.get_by_test_id("tool-segment").get_attribute("aria-checked") == "true"
        # (GrabCut chosen: where MobileSAM is installed it is the default, test_browser_sam.py covers it)
        page.get_by_test_id("segment-backend").select_option("grabcut")
        assert page.get_by_test_id("segment-backend").input_value() == "grabcut"
        # (a box drawn by dragging is shown while dragging, proposes a mask, and Escape drops it all)
        page.mouse.move(origin[0] + 80, origin[1] + 50)
        page.mouse.down()
        page.mouse.move(origin[0] + 160, origin[1] + 120, steps=4)
        page.mouse.move(origin[0] + 215, origin[1] + 180, steps=4)
        page.screenshot(path=str(tmp_path / "box-drag.png"))
        page.mouse.up()
        page.locator("[data-testid='segment-status'][data-phase='ready']").wait_for(timeout=30_000)
        page.screenshot(path=str(tmp_path / "box-proposal.png"))
        page.keyboard.press("Escape")
        page.locator("[data-testid='segment-status'][data-phase='idle']").wait_for()
        assert not page.get_by_test_id("segment-accept").is_enabled()
        page.mouse.click(origin[0] + DISC[0] - 10, origin[1] + DISC[1] + 8)

        # then a proposal arrives with its score, shown but not yet a label
        page.locator("[data-testid='segment-status'][data-phase='ready']").wait_for(timeout=30_000)
        score = float(page.get_by_test_id("segment-score").inner_text().split()[-1])
        assert 0 <= score <= 1
        assert page.locator("[data-testid='object-row']").count() == 0
        assert page.get_by_test_id("segment-accept").is_enabled()
        page.screenshot(path=str(tmp_path / "proposal.png"))
        # zooming and the shortcut overlay (closed with Escape) keep the proposal
        page.keyboard.press("+")
        page.keyboard.press("+")
        page.screenshot(path=str(tmp_path / "proposal-zoomed.png"))
        page.keyboard.press("?")
        assert "Auto-segment" in page.get_by_test_id("help-overlay").inner_text()
        page.screenshot(path=str(tmp_path / "help.png"))
        page.keyboard.press("Escape")
        page.get_by_test_id("help-overlay").wait_for(state="detached")
        assert page.get_by_test_id("segment-accept").is_enabled()
        # Save and Submit with the proposal not accepted are refused, saying why (before: an empty label was saved)
        for control in ("label-save", "label-submit"):
            page.get_by_test_id(control).click()
            note = page.get_by_test_id("label-note")
            note.filter(has_text="Accept the auto-segment mask first (Enter) or Esc").wait_for()
        assert page.get_by_test_id("segment-accept").is_enabled()
        assert not Label.objects.filter(asset=asset).exists()

        # when they accept it with Enter: a new car object holds it, undoable like any edit
        page.keyboard.press("Enter")
        page.locator("[data-testid='object-row'][data-class-id='1']").wait_for()
        assert page.get_by_test_id("undo").is_enabled()
        assert not page.get_by_test_id("segment-accept").is_enabled()
        # and submit
        answer_and_submit(page, tmp_path / "accepted.png")

    # then the stored car mask is the disc
    masks = stored_masks(asset, users["labeler"])
    assert sorted(masks) == [1]
    assert iou(masks[1], disc_mask()) > 0.9


def test_prelabels_open_as_editable_objects_with_their_origin(stack_url, project, users, tmp_path):
    # given an asset with a stored prediction (two objects, the real GET predictions shape)
    with transaction.atomic():
        asset = assets_upload(project=project, user=users["manager"],
                              files=[SimpleUploadedFile("disc.png", disc_image_png())])[0]
    road = np.zeros((HEIGHT, WIDTH), dtype=bool)
    road[200:, :] = True
    prediction_store(asset=asset, source="trained", model_version="3",
                     objects=[{"class": 1, "mask": encode(disc_mask()), "score": 0.9},
                              {"class": 2, "mask": encode(road), "score": 0.64}])

    with browser_page(tmp_path) as page:
        log_in_and_open(page, stack_url, project, asset)
        # then the editor starts from them and says which model made them
        note = page.get_by_test_id("prelabel-note")
        assert note.inner_text() == "Pre-labeled by trained 3 (score 0.77): correct and submit."
        assert page.locator("[data-testid='object-row']").count() == 2
        page.screenshot(path=str(tmp_path / "prelabeled.png"))
        # when the labeler answers the car's attribute and submits without painting
        page.locator("[data-testid='object-row'][data-class-id='1']").click()
        page.locator("[data-testid='selected-object'] [data-testid='attr-option'][data-value='yes']").check()
        page.get_by_test_id("label-submit").click()
        page.locator("[data-testid='save-status'][data-phase='saved']").filter(has_text="submitted").wait_for(
            timeout=20_000
        )

    # then the submitted label is exactly the pre-labels
    masks = stored_masks(asset, users["labeler"])
    assert np.array_equal(masks[1], disc_mask())
    assert np.array_equal(masks[2], road)


def test_a_sam_style_model_answers_after_its_embedding_job(stack_url, project, users, tmp_path):
    # given a red disc and a registered SAM-style ONNX pair (tiny, built here: it "sees" red)
    with transaction.atomic():
        asset = assets_upload(project=project, user=users["manager"],
                              files=[SimpleUploadedFile("red.png", disc_image_png(red=True))])[0]
    encoder, decoder = sam_pair(tmp_path)
    model = model_register(project=project, user=users["manager"], name="tiny-sam", kind="onnx", config=SAM_CONFIG,
                           files={role: SimpleUploadedFile(path.name, path.read_bytes())
                                  for role, path in {"encoder": encoder, "decoder": decoder}.items()})

    with browser_page(tmp_path) as page:
        bodies: list[dict] = []
        page.on("request", lambda r: r.url.endswith("/segment") and bodies.append(r.post_data_json))
        answers: list[int] = []
        page.on("response", lambda r: r.url.endswith("/segment") and answers.append(r.status))
        origin = log_in_and_open(page, stack_url, project, asset)
        # when the labeler picks the model in the backend list, clicks the disc, then the background twice
        page.keyboard.press("1")
        page.get_by_test_id("tool-segment").click()
        page.get_by_test_id("segment-backend").select_option(f"onnx:{model.pk}")
        origin = image_origin(page)  # the segment bar above the stage moved the image down
        page.mouse.click(origin[0] + DISC[0], origin[1] + DISC[1])
        page.keyboard.down("Shift")
        page.mouse.click(origin[0] + 20, origin[1] + 20)
        page.keyboard.up("Shift")
        page.mouse.click(origin[0] + 300, origin[1] + 220, button="right")  # a right-click marks background too

        # then the first answer is a 202 while a worker computes the embedding, shown as such
        page.locator("[data-testid='segment-status'][data-phase='embedding']").wait_for(timeout=20_000)
        page.screenshot(path=str(tmp_path / "embedding.png"))
        # and the tool asks again on its own once the job finished
        page.locator("[data-testid='segment-status'][data-phase='ready']").wait_for(timeout=60_000)
        assert page.get_by_test_id("segment-score").inner_text() == "Score 0.90"
        assert 202 in answers and answers[-1] == 200 and set(answers) <= {200, 202}  # no error while computed
        page.screenshot(path=str(tmp_path / "sam-proposal.png"))
        page.get_by_test_id("segment-accept").click()
        page.locator("[data-testid='selected-object'] [data-testid='attr-option'][data-value='no']").check()
        page.get_by_test_id("label-submit").click()
        page.locator("[data-testid='save-status'][data-phase='saved']").filter(has_text="submitted").wait_for(
            timeout=20_000
        )

    # every request carried all prompts so far, for the chosen model
    assert bodies[-1] == {"backend": f"onnx:{model.pk}", "points": [[DISC[0], DISC[1], 1], [20, 20, 0], [300, 220, 0]]}
    assert Job.objects.filter(kind="prelabel", params__backend=f"onnx:{model.pk}").count() == 1
    masks = stored_masks(asset, users["labeler"])
    assert iou(masks[1], disc_mask()) > 0.85  # the tiny model sees the image at 64x64


def test_scribbles_segment_the_disc_and_undo_drops_the_newest(stack_url, project, users, tmp_path):
    # given the disc image, opened at 1:1 with the auto-segment tool
    with transaction.atomic():
        asset = assets_upload(project=project, user=users["manager"],
                              files=[SimpleUploadedFile("disc.png", disc_image_png())])[0]

    with browser_page(tmp_path) as page:
        bodies: list[dict] = []
        page.on("request", lambda r: r.url.endswith("/segment") and bodies.append(r.post_data_json))
        ox, oy = log_in_and_open(page, stack_url, project, asset)
        page.keyboard.press("1")
        # when the labeler switches to scribble mode with Shift+S (from any tool: it picks auto-segment)
        page.keyboard.press("Shift+S")
        bar = page.locator("[data-testid='segment-bar'][data-mode='scribble']")
        bar.wait_for()
        assert page.get_by_test_id("segment-mode-scribble").get_attribute("aria-checked") == "true"
        page.get_by_test_id("segment-backend").select_option("grabcut")
        ox, oy = image_origin(page)  # the segment bar above the stage moved the image down
        brush = int(page.get_by_test_id("brush-size").input_value())

        # and draws a wavy object scribble inside the disc
        cx, cy = DISC[0], DISC[1]
        page.mouse.move(ox + cx - 30, oy + cy - 10)
        page.mouse.down()
        for i in range(1, 41):
            page.mouse.move(ox + cx - 30 + 1.5 * i, oy + cy - 10 + 12 * np.sin(i / 6))
        page.screenshot(path=str(tmp_path / "scribble-drawing.png"))
        assert not bodies  # nothing is asked while drawing
        page.mouse.up()

        # then one request carries it as a thinned positive scribble as wide as the brush, and a proposal arrives
        page.locator("[data-testid='segment-status'][data-phase='ready']").wait_for(timeout=30_000)
        page.screenshot(path=str(tmp_path / "scribble-proposal.png"))
        assert len(bodies) == 1
        (scribble,) = bodies[0]["scribbles"]
        assert scribble["label"] == 1 and scribble["radius"] == brush / 2
        assert 2 <= len(scribble["points"]) <= 64
        assert bodies[0]["points"] == [] and "box" not in bodies[0]

        # when they add a background scribble with Shift+drag, then take it back with Ctrl+Z
        page.keyboard.down("Shift")
        page.mouse.move(ox + 20, oy + 200)
        page.mouse.down()
        page.mouse.move(ox + 150, oy + 215, steps=10)
        page.mouse.move(ox + 300, oy + 200, steps=10)
        page.mouse.up()
        page.keyboard.up("Shift")
        ready = ("document.querySelector(\"[data-testid='segment-status']\").dataset.phase === 'ready'"
                 " && document.querySelector(\"[data-testid='segment-bar']\").dataset.awaiting === 'false'")
        page.wait_for_function(ready, timeout=30_000)
        assert [s["label"] for s in bodies[-1]["scribbles"]] == [1, 0]
        page.screenshot(path=str(tmp_path / "scribble-background.png"))
        page.keyboard.press("Control+z")
        page.wait_for_function("document.querySelector(\"[data-testid='segment-bar']\").dataset.awaiting === 'false'",
                               timeout=30_000)
        assert bodies[-1]["scribbles"] == [scribble]
        assert not page.get_by_test_id("undo").is_enabled()  # prompts are never label edits

        # and accept the proposal and submit
        page.locator("[data-testid='segment-status'][data-phase='ready']").wait_for(timeout=30_000)
        page.keyboard.press("Enter")
        page.locator("[data-testid='object-row'][data-class-id='1']").wait_for()
        answer_and_submit(page, tmp_path / "scribble-accepted.png")

    # then the stored car mask is the disc, and it covers every pixel the scribble went through
    masks = stored_masks(asset, users["labeler"])
    assert sorted(masks) == [1]
    assert iou(masks[1], disc_mask()) > 0.9
    assert all(masks[1][y, x] for x, y in scribble["points"])
