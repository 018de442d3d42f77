"""Sequence editor benchmark: switching frames with labels loaded, in headless Debian Chromium.

Serves the built frontend (bench/editor/server.py) with a sequence of 854x480 frames (the DAVIS 2016
"bear" frames and masks from ../shared when present, else synthetic photo-like frames with ellipses),
every frame labeled (its objects with tracks). Opens /projects/1/sequences/1 and presses "." (next frame;
"," on the way back) again and again; each switch is timed in the page from the key's event to the first
task after the frame that shows the new frame (image and label in the editor). Two paces: "stepping"
(a pause after each frame, as when looking at each one; the neighbours are prefetched meanwhile) and
"held key" (the next key as soon as the frame shows, like a held key's auto-repeat). Run after building
the frontend, from the repository root:

    .venv/bin/python -m bench.editor.frames [--frames 60 --switches 60 --objects 3 --pause-ms 250]

`--length 10000` lists that many frames in the sequence (the timeline), the `--frames` made ones repeated,
to check a long video's timeline stays light (only the cells in view are rendered).
"""

import argparse
import io
import json
from pathlib import Path

import numpy as np
from PIL import Image

from bench.editor.run import percentile
from bench.editor.server import DIST, serve
from bench.editor.synthetic import make_session, photo_like
from labelplatform.masks import encode

TARGET_P95_MS = 100
WIDTH, HEIGHT = 854, 480
BEAR = Path(__file__).resolve().parents[3] / "shared" / "data" / "davis2016_video" / "bear"
FIRST_ASSET = 1000

# Times each switch from the key's event to the first task after the frame that shows it.
RECORDER = """
(() => {
  const s = window.__sequenceBench.session;
  const r = (window.__frameBench = { switches: [], inSession: [], pending: null });
  const onKey = (e) => { if (e.key === "." || e.key === ",") r.pending = e.timeStamp; };
  window.addEventListener("keydown", onKey, { capture: true });
  let shown = s.position;
  s.subscribe((state) => {
    if (r.pending === null || state.loading || state.position === shown) return;
    shown = state.position;
    const start = r.pending;
    r.pending = null;
    r.inSession.push(state.switchMs);
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => r.switches.push(performance.now() - start);
      channel.port2.postMessage(0);
    });
  });
})();
"""

# Whether the timeline cell of the shown frame is rendered and inside the strip's visible part.
IN_VIEW = """
(() => {
  const strip = document.querySelector("[data-testid='timeline'] ol").getBoundingClientRect();
  const cell = document.querySelector("[data-testid='timeline-frame'][aria-current='true']");
  if (!cell) return false;
  const r = cell.getBoundingClientRect();
  return r.left >= strip.left - 1 && r.right <= strip.right + 1;
})()
"""


def frame_data(count: int, objects: int) -> list[tuple[bytes, list[np.ndarray]]]:
    """(JPEG, object masks) per frame: bear's frames and mask plus `objects - 1` blobs, or all synthetic."""
    yy, xx = np.mgrid[:HEIGHT, :WIDTH]
    out = []
    for i in range(count):
        masks = []
        if BEAR.is_dir() and (BEAR / "frames" / f"{i:05d}.jpg").exists():
            image = (BEAR / "frames" / f"{i:05d}.jpg").read_bytes()
            masks.append(np.array(Image.open(BEAR / "masks" / f"{i:05d}.png")) > 0)
        else:
            image = photo_like(WIDTH, HEIGHT, seed=i)
        taken = np.zeros((HEIGHT, WIDTH), bool)
        for m in masks:
            taken |= m
        for k in range(objects - len(masks)):
            cx, cy = 120 + 200 * k + 3 * i, 120 + 60 * (k % 4)
            blob = (((xx - cx) / 70.0) ** 2 + ((yy - cy) / 50.0) ** 2 <= 1) & ~taken
            taken |= blob
            masks.append(blob)
        out.append((image, masks))
    return out


def sequence_files(count: int, objects: int, length: int | None = None,
                   ) -> tuple[dict[str, tuple[bytes, str, dict[str, str]]], str]:
    """The API answers for a sequence of `length` frames (default `count`): `count` made frames, repeated."""
    frames = frame_data(count, objects)
    length = length or count
    files: dict[str, tuple[bytes, str, dict[str, str]]] = {}
    stamp = "2024-01-01T00:00:00Z"
    for i, (image, masks) in enumerate(frames):
        asset = FIRST_ASSET + i
        label = {"id": asset, "asset": asset, "author": {"id": 1, "username": "bench"}, "revision": 1,
                 "status": "submitted", "ontology_version": 1, "classifications": {}, "time_spent_s": 0,
                 "created_at": stamp, "updated_at": stamp,
                 "objects": [{"id": asset * 10 + k, "class": 1 + k, "mask": encode(m), "attributes": {}, "track": k + 1,
                              "area": int(m.sum()), "bbox": [0, 0, 0, 0]} for k, m in enumerate(masks)]}
        files[f"/api/v1/assets/{asset}/image"] = (image, "image/jpeg", {})
        files[f"/api/v1/assets/{asset}/labels"] = (json.dumps([label]).encode(), "application/json", {})
        thumb = io.BytesIO()
        Image.open(io.BytesIO(image)).convert("RGB").resize((128, 72)).save(thumb, "JPEG")
        files[f"/api/v1/assets/{asset}/thumbnail"] = (thumb.getvalue(), "image/jpeg", {})
    tracks = [{"track": k + 1, "class": 1 + k, "name": "", "attributes": {}, "labeled_frames": length, "first": 0,
               "last": length - 1} for k in range(objects)]
    sequence = {"id": 1, "project": 1, "name": "bench", "status": "ready", "fps": 24, "width": WIDTH, "height": HEIGHT,
                "frame_count": length, "tracks": tracks,
                "frames": [{"index": i, "asset": FIRST_ASSET + i % count, "labeled": True, "submitted": True,
                            "score": None, "thumbnail_ready": True} for i in range(length)]}
    files["/api/v1/sequences/1"] = (json.dumps(sequence).encode(), "application/json", {})
    files["/api/v1/sequences/1/tracks"] = (json.dumps(tracks).encode(), "application/json", {})
    source = "DAVIS 2016 bear" if BEAR.is_dir() else "synthetic"
    return files, source


def run_pace(page, switches: int, count: int, pause_ms: int) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    """`switches`: key to frame shown; `inSession`: the session's part (frame from the store into the editor)."""
    page.evaluate("window.__frameBench.switches = []; window.__frameBench.inSession = []")
    position = page.evaluate("window.__sequenceBench.session.position")
    step = 1 if position < count - 1 else -1
    for i in range(switches):
        if not 0 <= position + step < count:
            step = -step
        page.keyboard.press("." if step > 0 else ",")
        position += step
        page.wait_for_function(f"window.__frameBench.switches.length >= {i + 1}", timeout=10_000)
        if pause_ms:
            page.wait_for_timeout(pause_ms)
    return page.evaluate("window.__frameBench")  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--switches", type=int, default=60)
    parser.add_argument("--objects", type=int, default=3, help="labeled objects per frame")
    parser.add_argument("--length", type=int, default=None,
                        help="frames the sequence lists (default --frames), the made ones repeated")
    parser.add_argument("--pause-ms", type=int, default=250, help="pause after each frame when stepping")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--screenshot", type=Path, default=None)
    args = parser.parse_args()
    if not (DIST / "index.html").exists():
        raise SystemExit("frontend is not built: cd frontend && npx vite build")

    length = args.length or args.frames
    files, source = sequence_files(args.frames, args.objects, length)
    session = make_session(1000, 1000, 1)  # project, ontology and user answers; the frames come from `files`
    print(f"sequence: {length} frames ({args.frames} made, {WIDTH}x{HEIGHT}, {source}), "
          f"{args.objects} labeled objects per frame")

    from playwright.sync_api import sync_playwright

    with serve(session, files) as port, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, headless=True,
                                             args=["--no-sandbox", "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/projects/1/sequences/1?bench=1")
        page.wait_for_function("window.__sequenceBench && window.__sequenceBench.session", timeout=60_000)
        page.wait_for_timeout(1000)  # the first frame's neighbours arrive
        page.evaluate(RECORDER)
        results = {
            f"stepping ({args.pause_ms} ms per frame)": run_pace(page, args.switches, length, args.pause_ms),
            "held key (next key once shown)": run_pace(page, args.switches, length, 0),
        }
        page.wait_for_timeout(300)  # the strip scrolls to the shown frame after the paint
        rendered = page.evaluate("document.querySelectorAll(\"[data-testid='timeline-frame']\").length")
        in_view = page.evaluate(IN_VIEW)
        dom_nodes = page.evaluate("document.getElementsByTagName('*').length")
        if args.screenshot:
            page.screenshot(path=str(args.screenshot))
        browser.close()

    print(f"timeline: {rendered} of {length} cells rendered; {dom_nodes} elements in the page; "
          f"the shown frame's cell in view: {in_view}")
    for name, result in results.items():
        times, inside = result["switches"], result["inSession"]
        p95 = percentile(times, 95)
        print(f"frame switch, {name}: {len(times)} switches  p50 {percentile(times, 50):.1f} ms  "
              f"p95 {p95:.1f} ms  max {max(times):.1f} ms  target p95 <= {TARGET_P95_MS} ms  "
              f"ratio {p95 / TARGET_P95_MS:.2f}")
        print(f"  of which the session (cache to editor): p50 {percentile(inside, 50):.1f} ms  "
              f"p95 {percentile(inside, 95):.1f} ms")


if __name__ == "__main__":
    main()
