"""NoC on the shared sets for GrabCut and MobileSAM (bare: SAM's own click protocol; with the click edits the
platform ships, engines/click_edit.py; and with the edge refinement): `bench/prelabel.py
--part sets`. Objects: the GrabCut set (one per image), coco128_seg instances and camvid objects (connected
components of car, pedestrian and bicyclist) of at least 1 % of the image, capped so the run ends in minutes;
the GrabCut set again upscaled 3x, where the refinement acts (it does nothing under ~770 px)."""

import hashlib
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from labelplatform.masks.compare import boundary_f
from labelplatform.prelabel.engines import grabcut
from labelplatform.prelabel.engines.grabcut import prepare
from labelplatform.prelabel.engines.noc import MAX_CLICKS, ClickRun, simulate
from labelplatform.prelabel.engines.sam import Replay, refined, refines, sam_embed

Item = tuple[str, np.ndarray, np.ndarray, np.ndarray | None]  # name, image RGB, truth, ignored pixels
MIN_AREA = 0.01
BOUNDARY_AT = 3  # boundary F-score of the mask after this many clicks (or fewer, when IoU 0.90 came first)
CAMVID_THINGS = (8, 9, 10)  # car, pedestrian, bicyclist (CamVid's 11-class labels)
# GrabCut's runs are minutes per set and change only with its engine: kept per object, keyed by the engine's source
GRABCUT_CACHE = Path(__file__).resolve().parents[1] / "var" / "bench-cache" / "grabcut_runs.json"


def coco_set(root: Path, cap: int) -> list[Item]:
    items: list[Item] = []
    for label_path in sorted((root / "labels" / "train2017").iterdir()):
        image_path = root / "images" / "train2017" / (label_path.stem + ".jpg")
        image = cv2.cvtColor(cv2.imread(str(image_path)), cv2.COLOR_BGR2RGB)
        height, width = image.shape[:2]
        for index, line in enumerate(label_path.read_text().splitlines()):
            values = [float(v) for v in line.split()[1:]]
            polygon = (np.asarray(values).reshape(-1, 2) * [width, height]).round().astype(np.int32)
            truth = np.zeros((height, width), np.uint8)
            cv2.fillPoly(truth, [polygon], 1)
            if truth.sum() >= MIN_AREA * height * width:
                items.append((f"{label_path.stem}#{index}", image, truth > 0, None))
            if len(items) >= cap:
                return items
    return items


def camvid_objects(root: Path, cap: int) -> list[Item]:
    items: list[Item] = []
    for image_path in sorted((root / "val").iterdir())[::3]:  # consecutive video frames: every third
        image = cv2.cvtColor(cv2.imread(str(image_path)), cv2.COLOR_BGR2RGB)
        label = cv2.imread(str(root / "valannot" / image_path.name), cv2.IMREAD_GRAYSCALE)
        for thing in CAMVID_THINGS:
            count, parts = cv2.connectedComponents((label == thing).astype(np.uint8))
            for part in range(1, count):
                truth = parts == part
                if truth.sum() >= MIN_AREA * label.size:
                    items.append((f"{image_path.stem}/{thing}#{part}", image, truth, label == 11))
                if len(items) >= cap:
                    return items
    return items


def upscaled(items: list[Item], scale: int) -> list[Item]:
    out: list[Item] = []
    for name, image, truth, ignore in items:
        height, width = truth.shape
        size = (width * scale, height * scale)
        big = cv2.resize(image, size, interpolation=cv2.INTER_CUBIC)
        soft_truth = cv2.resize(truth.astype(np.float32), size, interpolation=cv2.INTER_LINEAR) >= 0.5
        big_ignore = None if ignore is None else cv2.resize(ignore.astype(np.uint8), size,
                                                             interpolation=cv2.INTER_NEAREST) > 0
        out.append((f"{name}x{scale}", big, soft_truth, big_ignore))
    return out


class Recorder:
    """A segmenter that keeps the mask of its `at`-th call (or the last, if fewer): boundary F at a fixed step."""

    def __init__(self, segmenter: Callable, at: int) -> None:
        self.segmenter, self.at, self.calls, self.mask = segmenter, at, 0, None

    def __call__(self, prompt: object) -> np.ndarray:
        mask = self.segmenter(prompt)
        self.calls += 1
        if self.calls <= self.at:
            self.mask = mask
        return mask


def row(label: str, runs: list[ClickRun], boundary: list[float] | None = None) -> str:
    noc85 = [run.clicks_to(0.85) for run in runs]
    noc90 = [run.clicks_to(0.90) for run in runs]
    cpu = [s for run in runs for s in run.cpu_seconds]
    extra = f"  boundary F (<= 3 clicks) {statistics.mean(boundary):.3f}" if boundary else ""
    return (f"{label:>34}: NoC@85 {statistics.mean(noc85):5.2f}  NoC@90 {statistics.mean(noc90):5.2f}  "
            f"failures@{MAX_CLICKS} {sum(n >= MAX_CLICKS for n in noc90):2d}/{len(runs)}  "
            f"CPU per click median {1000 * statistics.median(cpu):4.0f} ms{extra}")


def grabcut_runs(set_name: str, items: list[Item]) -> tuple[list[ClickRun], int]:
    """GrabCut's click runs on `items`, from GRABCUT_CACHE where this engine's source already ran them;
    (runs, how many came from the cache)."""
    engine = hashlib.sha256(Path(grabcut.__file__).read_bytes()).hexdigest()[:16]
    cache = json.loads(GRABCUT_CACHE.read_text()) if GRABCUT_CACHE.exists() else {}
    prepared: dict[int, object] = {}
    runs, reused = [], 0
    for name, image, truth, ignore in items:
        key = f"{engine}|{set_name}|{name}|{MAX_CLICKS}"
        if key in cache:
            runs.append(ClickRun(**cache[key]))
            reused += 1
            continue
        if id(image) not in prepared:
            prepared[id(image)] = prepare(image)
        run = simulate(prepared[id(image)], truth, ignore, stop_at=0.90)  # type: ignore[arg-type]
        runs.append(run)
        cache[key] = {"ious": run.ious, "seconds": run.seconds, "cpu_seconds": run.cpu_seconds}
        GRABCUT_CACHE.parent.mkdir(parents=True, exist_ok=True)
        GRABCUT_CACHE.write_text(json.dumps(cache))
    return runs, reused


def bench_set(name: str, items: list[Item], encoder: object, decoder: object, config: dict,
              with_grabcut: bool = True) -> None:
    started = time.perf_counter()
    print(f"{name}: {len(items)} objects")
    if with_grabcut:
        runs, reused = grabcut_runs(name, items)
        print(row("grabcut", runs) + (f"  ({reused} runs from {GRABCUT_CACHE.name})" if reused else ""))
    embeddings: dict[int, np.ndarray] = {}
    encoder_cpu = []
    for _, image, _, _ in items:
        if id(image) not in embeddings:
            cpu = time.process_time()
            embeddings[id(image)] = sam_embed(encoder, config, image)  # type: ignore[arg-type]
            encoder_cpu.append(time.process_time() - cpu)
    # (label, edge refinement, click edits): SAM's own protocol, then the shipped one (click_edit.py)
    variants: list[tuple[str, bool, bool]] = [
        ("mobilesam bare", False, False), ("mobilesam + click edits", False, True)]
    if any(refines(config, truth.shape) for _, _, truth, _ in items):
        variants.append(("mobilesam + click edits + edge ref.", True, True))
    for label, refine, edits in variants:
        runs, boundary = [], []
        for _, image, truth, ignore in items:
            replay = Replay(decoder, config, embeddings[id(image)], truth.shape, edits)  # type: ignore[arg-type]
            segmenter: Callable = (lambda p, r=replay, im=image: r.repainted(refined(r(p), config, im), p)) \
                if refine else (lambda p, r=replay: r(p).mask)
            recorder = Recorder(segmenter, BOUNDARY_AT)
            runs.append(simulate(recorder, truth, ignore, max_clicks=MAX_CLICKS, stop_at=0.90))
            boundary.append(boundary_f(recorder.mask, truth))
        print(row(label, runs, boundary))
    print(f"{'encoder':>34}: CPU per image median {1000 * statistics.median(encoder_cpu):.0f} ms "
          f"({len(encoder_cpu)} images; {time.perf_counter() - started:.0f} s for the set)")
