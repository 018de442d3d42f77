"""Auto-segment benchmark: click to visible mask with MobileSAM decoded in the browser, embedding loaded.

Serves the built editor (bench/editor/server.py) on a real photo of the GrabCut set scaled to 1 and 12
megapixels, with the installed MobileSAM (scripts/models): the decoder file and the image's embedding,
computed here once with the encoder. In headless Debian Chromium it waits until the bar says "in the
browser", then clicks inside the object again and again (a first click: one decoder run picking among
SAM's candidates; every other one a refining click: one run fed the previous logits) and times each from
the click's event to the first task after the frame that shows the new proposal. Run after building the
frontend, from the repository root:

    .venv/bin/python -m bench.editor.segment [--clicks 30] [--isolated] [--dwell 0,250] [--whole-decoder]

`--isolated` sends COOP/COEP so the page is cross-origin isolated and onnxruntime-web runs multi-threaded.
`--dwell` lists how long (ms) the pointer rests on the spot before each click, one measurement each: 0 is a
click with no rest (the pointer jumps there and presses at once, nothing decoded ahead); a labeler's pointer
rests some 100-300 ms before pressing, and the editor decodes the click it would make after HOVER_REST_MS.
The browser runs the decoder pair (builtin/web_decoder.py) when the install has it; `--whole-decoder` lists only
the whole decoder, as before the pair, to compare.
"""

import argparse
import dataclasses
import io
import json
import os
import statistics
import time
from pathlib import Path

import cv2
import django
import numpy as np
from PIL import Image

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labelplatform.settings")
django.setup()  # MODELS_ROOT: where scripts/models installed the model

from bench.editor.run import percentile  # noqa: E402
from bench.editor.server import DIST, serve  # noqa: E402
from bench.editor.synthetic import make_session  # noqa: E402
from labelplatform.prelabel.builtin import mobilesam  # noqa: E402
from labelplatform.prelabel.builtin.installed import builtin_status  # noqa: E402
from labelplatform.prelabel.engines.onnx_models import load_session  # noqa: E402
from labelplatform.prelabel.engines.sam import encoder_input_size, sam_embed  # noqa: E402

TARGETS_P95_MS = {"1 MP": 50, "12 MP": 80}
GRABCUT = Path(__file__).resolve().parents[3] / "shared" / "data" / "grabcut" / "GrabCut"
PHOTO = "flower"  # 600x450 (4:3), one flower filling about a third of it
SIZES = {"1 MP": (1155, 866), "12 MP": (4000, 3000)}

# Times each click from its event to the first task after the frame that shows the answer to it.
RECORDER = """
(() => {
  const editor = window.__labelBench.editor;
  const r = (window.__segmentBench = { clicks: [], pending: null, runs: [] });
  window.addEventListener("pointerdown", (e) => { if (e.button === 0) r.pending = e.timeStamp; }, { capture: true });
  let shown = null;
  editor.on("segment", (s) => {
    if (r.pending === null || s.awaiting || !s.proposal || s.requestId === shown) return;
    shown = s.requestId;
    const start = r.pending;
    r.pending = null;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => r.clicks.push(performance.now() - start);
      channel.port2.postMessage(0);
    });
  });
})();
"""


def installed_model():  # type: ignore[no-untyped-def]
    model, reason = builtin_status(mobilesam.NAME)
    if model is None:
        raise SystemExit(f"MobileSAM is not installed ({reason}): run scripts/models")
    return model


def model_files(model, rgb: np.ndarray, pair: bool) -> dict[str, tuple[bytes, str, dict[str, str]]]:  # type: ignore[no-untyped-def]
    """The API answers the editor needs for the built-in model and this image's embedding; `pair`: the decoder
    listing names the browser's pair (as the API does when the install has it), else the whole decoder only."""
    t0 = time.perf_counter()
    embedding = np.ascontiguousarray(sam_embed(load_session(str(model.files["encoder"])), model.config, rgb), "<f4")
    print(f"  embedding {list(embedding.shape)} computed in {time.perf_counter() - t0:.1f} s")
    base = f"/api/v1/prelabel/builtin/{mobilesam.NAME}"
    urls = {role: f"{base}/{role}.onnx" for role in ("decoder", *mobilesam.WEB_ROLES)}  # this server ignores queries

    def listed(role: str) -> dict[str, object]:
        entry = model.manifest["files"][role]
        return {"url": urls[role], "sha256": entry["sha256"], "bytes": entry["bytes"]}

    decoder = listed("decoder")
    if pair:
        web, prepare = mobilesam.WEB_ROLES
        decoder["web"] = {"web": listed(web), "prepare": listed(prepare)}
    builtin = {"default_segment_backend": mobilesam.NAME, "models": [{
        "name": mobilesam.NAME, "backend": mobilesam.NAME, "installed": True, "version": model.version,
        "config": model.config, "decoder": decoder}]}
    decoder_files: dict[str, tuple[bytes, str, dict[str, str]]] = {
        url: (model.files[role].read_bytes(), "application/octet-stream", {})
        for role, url in urls.items() if role in model.files}
    resized = encoder_input_size(model.config, *rgb.shape[:2])
    json_type = "application/json"
    return {
        "/api/v1/prelabel/builtin": (json.dumps(builtin).encode(), json_type, {}),
        "/api/v1/projects/1/models": (json.dumps({"registered": []}).encode(), json_type, {}),
        **decoder_files,
        "/api/v1/assets/1/embedding": (embedding.tobytes(), "application/octet-stream", {
            "X-Embedding-Shape": ",".join(map(str, embedding.shape)),
            "X-Encoder-Input-Size": ",".join(map(str, model.config["encoder"]["size"])),
            "X-Resized-Size": f"{resized[0]},{resized[1]}", "X-Model-Version": model.version}),
    }


def object_points(width: int, height: int, count: int) -> list[tuple[int, int]]:
    """Points spread over the object (the ground truth scaled to the image), its deepest part first."""
    gt = cv2.imread(str(GRABCUT / "boundary_GT" / f"{PHOTO}.bmp"), cv2.IMREAD_GRAYSCALE)
    inside = cv2.resize((gt > 128).astype(np.uint8), (width, height), interpolation=cv2.INTER_NEAREST)
    depth = cv2.distanceTransform(inside, cv2.DIST_L2, 5)
    ys, xs = np.nonzero(depth > 0.5 * depth.max())
    rng = np.random.default_rng(3)
    picks = rng.choice(len(xs), size=count, replace=False)
    return [(int(xs[i]), int(ys[i])) for i in picks]


def measure(browser, url: str, width: int, height: int, clicks: int, dwell: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(url)
    page.wait_for_function("window.__labelBench && window.__labelBench.marks.interactive", timeout=120_000)
    isolated = page.evaluate("globalThis.crossOriginIsolated === true")
    page.evaluate("window.__labelBench.editor.setClass(1)")
    page.keyboard.press("s")
    t0 = time.perf_counter()
    page.locator("[data-testid='segment-decoder'][data-phase='ready']").wait_for(timeout=180_000)
    prepare_s = time.perf_counter() - t0
    page.evaluate(RECORDER)
    stage = page.get_by_test_id("label-stage").bounding_box()
    zoom = page.get_by_test_id("label-zoom")
    scale = float(zoom.get_attribute("data-scale"))
    ox = stage["x"] + float(zoom.get_attribute("data-offset-x"))
    oy = stage["y"] + float(zoom.get_attribute("data-offset-y"))
    points = object_points(width, height, clicks)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    cpu0 = renderer_cpu_s(cdp)
    for i, (x, y) in enumerate(points):
        if i % 3 == 0:
            page.keyboard.press("Escape")  # a fresh object every third click: first clicks and refinements
        before = page.evaluate("window.__segmentBench.clicks.length")
        if dwell:  # glide there (pointer moves on the way), rest, press
            page.mouse.move(ox + (x + 0.5) * scale, oy + (y + 0.5) * scale, steps=8)
            page.wait_for_timeout(dwell)
            page.mouse.down()
            page.mouse.up()
        else:
            page.mouse.click(ox + (x + 0.5) * scale, oy + (y + 0.5) * scale)
        # polled, not every frame: rAF polling would make the renderer work beside the decoder it times
        page.wait_for_function(f"window.__segmentBench.clicks.length > {before}", timeout=30_000, polling=50)
        page.wait_for_timeout(50)
    cpu_per_click_ms = (renderer_cpu_s(cdp) - cpu0) * 1000 / len(points)
    times = page.evaluate("window.__segmentBench.clicks")
    parts = page.evaluate("""(() => Object.fromEntries(["sam decode", "sam mask", "sam ahead decode"].map(
        (n) => [n, performance.getEntriesByName(n).map((e) => e.duration)])))()""")
    page.close()
    return {"times": times, "prepare_s": prepare_s, "isolated": isolated, "parts": parts, "cpu_ms": cpu_per_click_ms}


def renderer_cpu_s(cdp) -> float:  # type: ignore[no-untyped-def]
    """CPU seconds of the page's renderer process so far (its decoder worker included): a figure the load bends less."""
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return float(next(m["value"] for m in metrics if m["name"] == "ProcessTime"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=30)
    parser.add_argument("--isolated", action="store_true", help="COOP/COEP headers: multi-threaded WASM")
    parser.add_argument("--sizes", default=",".join(SIZES), help="which of: " + ", ".join(SIZES))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--dwell", default="0", help="comma-separated rests (ms) before each click, one run each")
    parser.add_argument("--whole-decoder", action="store_true",
                        help="list only the whole decoder, not the browser's pair (prepare + web decoder)")
    args = parser.parse_args()
    if not (DIST / "index.html").exists():
        raise SystemExit("frontend is not built: cd frontend && npx vite build")
    model = installed_model()
    photo = cv2.cvtColor(cv2.imread(str(GRABCUT / "data_GT" / f"{PHOTO}.jpg")), cv2.COLOR_BGR2RGB)
    headers = {"Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp"}

    from playwright.sync_api import sync_playwright

    for name in args.sizes.split(","):
        width, height = SIZES[name]
        rgb = cv2.resize(photo, (width, height), interpolation=cv2.INTER_CUBIC)
        out = io.BytesIO()
        Image.fromarray(rgb).save(out, "JPEG", quality=90)
        session = dataclasses.replace(make_session(width, height, 0), jpeg=out.getvalue())
        print(f"{name}: {PHOTO}.jpg scaled to {width}x{height}")
        pair = not args.whole_decoder and all(role in model.files for role in mobilesam.WEB_ROLES)
        print(f"  decoder in the browser: {'the pair (prepare once per embedding)' if pair else 'the whole decoder'}")
        files = model_files(model, rgb, pair)
        for dwell in map(int, args.dwell.split(",")):
            with serve(session, files, headers if args.isolated else None) as port, sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=args.chromium, headless=True,
                                                     args=["--no-sandbox", "--disable-dev-shm-usage"])
                result = measure(browser, f"http://127.0.0.1:{port}/projects/1/assets/1/label?bench=1",
                                 width, height, args.clicks, dwell)
                browser.close()
            report(name, dwell, result)


def report(name: str, dwell: int, result: dict) -> None:  # type: ignore[type-arg]
    times = result["times"]
    p95 = percentile(times, 95)
    target = TARGETS_P95_MS[name]
    print(f"  rest before each click {dwell} ms; load average {os.getloadavg()[0]:.1f}; renderer CPU "
          f"{result['cpu_ms']:.0f} ms per click (decoder worker, hovers and drawing included)")
    print(f"  cross-origin isolated: {result['isolated']}; decoder ready {result['prepare_s']:.1f} s after "
          "picking the tool (embedding fetch, decoder load and warm-up)")
    print(f"  click to visible mask over {len(times)} clicks: p50 {percentile(times, 50):.0f} ms  "
          f"p95 {p95:.0f} ms  mean {statistics.mean(times):.0f} ms  max {max(times):.0f} ms  "
          f"target p95 <= {target} ms  ratio {p95 / target:.2f}")
    parts = {part: values[-len(times):] for part, values in result["parts"].items() if part.startswith("sam ")
             and "ahead" not in part}  # the clicks' own, not the warm-up
    print("  of which " + ", ".join(f"{part} p50 {percentile(v, 50):.0f} ms p95 {percentile(v, 95):.0f} ms"
                                   for part, v in parts.items() if v))
    ahead = result["parts"].get("sam ahead decode", [])
    if ahead:
        print(f"  decoded ahead while resting: {len(ahead)} runs, p50 {percentile(ahead, 50):.0f} ms")


if __name__ == "__main__":
    main()
