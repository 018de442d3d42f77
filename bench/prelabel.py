"""Pre-labeling benchmarks on real data (no database).

(a) interactive segmentation on the GrabCut set: NoC@85 / NoC@90 (RITM protocol, 128 band ignored),
    clicks alone and box + clicks, and the latency per click; GrabCut (no weights), then MobileSAM's decoder
    with the platform's click protocol (SAM's, plus click edits) when scripts/models installed it (MODELS_ROOT,
    default var/models);
(b) the trainable pixel classifier: IoU on held-out images after 1, 3 and 10 labeled images, and
    images per second at 1 megapixel on one core.

(c) `--part sets`: NoC@85/90 and failures for GrabCut and MobileSAM (bare, with click edits, and edge refinement)
    on grabcut, grabcut upscaled 3x, coco128_seg instances and camvid objects (bench/prelabel_sets.py).

    .venv/bin/python bench/prelabel.py [--part clicks|sam|sets|trained|all] [--limit N] [--cap N] [--encoder float]
        [--sets grabcut,grabcut3x,coco,camvid]

    GrabCut's runs of the sets part are kept per object in var/bench-cache/grabcut_runs.json, keyed by the
    GrabCut engine's source, so a rerun reuses them.

MobileSAM runs with the encoder the platform uses by default (`int8`, MOBILESAM_ENCODER) unless `--encoder float`,
in two parts as a worker runs it when the install has them (engines/sam_split.py; WHOLE_ENCODER=1: the whole one).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from labelplatform.masks.regions import iou_ignoring  # noqa: E402
from labelplatform.prelabel.engines.grabcut import prepare  # noqa: E402
from labelplatform.prelabel.engines.noc import MAX_CLICKS, ClickRun, simulate  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
if not DATA.exists():
    DATA = Path("/work/shared/data")
ENCODER_ROLE = {"int8": "encoder_int8", "float": "encoder"}
PUBLISHED_NOC90 = {"graph cut": 10.0, "geodesic matting": 14.57, "random walker": 13.77, "SAM": 1.88, "RITM": 1.54}


def grabcut_set(limit: int | None) -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]:
    root = DATA / "grabcut" / "GrabCut"
    items = []
    for image_path in sorted((root / "data_GT").iterdir())[:limit]:
        gt = cv2.imread(str(root / "boundary_GT" / (image_path.stem + ".bmp")), cv2.IMREAD_GRAYSCALE)
        image = cv2.cvtColor(cv2.imread(str(image_path)), cv2.COLOR_BGR2RGB)
        items.append((image_path.stem, image, gt > 128, gt == 128))
    return items


def truth_box(truth: np.ndarray) -> tuple[float, float, float, float]:
    ys, xs = np.nonzero(truth)
    return float(xs.min()), float(ys.min()), float(xs.max() - xs.min() + 1), float(ys.max() - ys.min() + 1)


def report(mode: str, runs: list[ClickRun], with_box: bool, started: float, verbose_names: list[str] | None) -> None:
    noc85 = [run.clicks_to(0.85, with_box=with_box) for run in runs]
    noc90 = [run.clicks_to(0.90, with_box=with_box) for run in runs]
    latencies = [s for run in runs for s in run.seconds]
    cpu = [s for run in runs for s in run.cpu_seconds]
    for name, run, n85, n90 in zip(verbose_names or [], runs, noc85, noc90, strict=False):
        print(f"  {name:>14}: NoC85 {n85:2d} NoC90 {n90:2d} ious {[round(v, 3) for v in run.ious[:6]]}")
    print(f"{mode:>22}: NoC@85 {statistics.mean(noc85):.2f}  NoC@90 {statistics.mean(noc90):.2f}  "
          f"first-step IoU {statistics.mean(run.ious[0] for run in runs):.3f}  "
          f"failures@90 (>= {MAX_CLICKS}) {sum(n >= MAX_CLICKS for n in noc90)}  "
          f"latency per click median {1000 * statistics.median(latencies):.0f} ms, "
          f"p90 {1000 * float(np.percentile(latencies, 90)):.0f} ms; CPU per click median "
          f"{1000 * statistics.median(cpu):.0f} ms, p90 {1000 * float(np.percentile(cpu, 90)):.0f} ms  "
          f"({time.perf_counter() - started:.0f} s)")


def bench_clicks(limit: int | None, verbose: bool) -> None:
    items = grabcut_set(limit)
    print(f"GrabCut set: {len(items)} images, at most {MAX_CLICKS} clicks, 128 band ignored")
    for mode in ("clicks", "box+clicks"):
        started = time.perf_counter()
        runs = []
        for _, image, truth, ignore in items:
            box = truth_box(truth) if mode == "box+clicks" else None
            runs.append(simulate(prepare(image), truth, ignore, box=box, stop_at=0.90))
        report(f"grabcut {mode}", runs, mode == "box+clicks", started, [i[0] for i in items] if verbose else None)
    print("published NoC@90 on GrabCut: " + ", ".join(f"{k} {v}" for k, v in PUBLISHED_NOC90.items())
          + "; target without weights: <= 5")


def sam_sessions(manifest: object, encoder: str) -> tuple[object, object]:
    """(encoder, decoder) as a worker loads them: the encoder in two parts when the install has them
    (backends.sam_session), unless WHOLE_ENCODER is set."""
    from labelplatform.prelabel.builtin import mobilesam
    from labelplatform.prelabel.engines.onnx_models import load_session
    from labelplatform.prelabel.engines.sam_split import load_split

    files = manifest.files  # type: ignore[attr-defined]
    decoder = load_session(str(files["decoder"].path))
    stem, rest = mobilesam.part_roles(ENCODER_ROLE[encoder])
    if stem in files and rest in files and not os.environ.get("WHOLE_ENCODER"):
        return load_split(str(files[stem].path), str(files[rest].path), mobilesam.SPLIT), decoder
    return load_session(str(files[ENCODER_ROLE[encoder]].path)), decoder


def bench_mobilesam(limit: int | None, verbose: bool, encoder_kind: str) -> None:
    """MobileSAM's decoder (no boundary refinement) with the platform's protocol (SAM's, plus the click edits of
    engines/click_edit.py), one onnxruntime thread."""
    from labelplatform.prelabel.builtin.manifest import manifest_read
    from labelplatform.prelabel.engines.sam import Replay, sam_embed

    folder = Path(os.environ.get("MODELS_ROOT", Path(__file__).resolve().parents[1] / "var" / "models")) / "mobilesam"
    if not (folder / "manifest.json").exists():
        print(f"MobileSAM: not installed in {folder}; run scripts/models")
        return
    manifest = manifest_read(folder)
    encoder, decoder = sam_sessions(manifest, encoder_kind)
    items = grabcut_set(limit)
    print(f"MobileSAM {manifest.version}, {encoder_kind} encoder, no refinement, click edits: {len(items)} images")
    embeddings, encoder_cpu = [], []
    for _, image, _, _ in items:
        cpu_started = time.process_time()
        embeddings.append(sam_embed(encoder, manifest.config, image))
        encoder_cpu.append(time.process_time() - cpu_started)
    print(f"{'encoder':>22}: CPU per image median {1000 * statistics.median(encoder_cpu):.0f} ms, "
          f"p90 {1000 * float(np.percentile(encoder_cpu, 90)):.0f} ms (incl. resize to 1024)")
    for mode in ("clicks", "box+clicks"):
        started = time.perf_counter()
        runs = []
        for (_, _, truth, ignore), embedding in zip(items, embeddings, strict=True):
            box = truth_box(truth) if mode == "box+clicks" else None
            replay = Replay(decoder, manifest.config, embedding, truth.shape)
            runs.append(simulate(lambda prompt, r=replay: r(prompt).mask, truth, ignore, box=box, stop_at=0.90))
        report(f"mobilesam {mode}", runs, mode == "box+clicks", started, [i[0] for i in items] if verbose else None)


SETS = ("grabcut", "grabcut3x", "coco", "camvid")


def bench_sets(limit: int | None, cap: int, encoder_kind: str, only: list[str]) -> None:
    """GrabCut and MobileSAM (bare, refined) on grabcut, grabcut x3, coco128_seg and camvid objects."""
    from prelabel_sets import bench_set, camvid_objects, coco_set, upscaled

    from labelplatform.prelabel.builtin.manifest import manifest_read

    folder = Path(os.environ.get("MODELS_ROOT", Path(__file__).resolve().parents[1] / "var" / "models")) / "mobilesam"
    manifest = manifest_read(folder)
    encoder, decoder = sam_sessions(manifest, encoder_kind)
    print(f"MobileSAM {manifest.version}, {encoder_kind} encoder")
    grabcut = [(n, image, truth, ignore) for n, image, truth, ignore in grabcut_set(limit)]
    sets = {"grabcut": lambda: ("grabcut", grabcut, True),
            "grabcut3x": lambda: ("grabcut upscaled 3x", upscaled(grabcut[:cap // 2], 3), False),
            "coco": lambda: ("coco128_seg instances >= 1 %", coco_set(DATA / "coco128_seg" / "coco128-seg", cap), True),
            "camvid": lambda: ("camvid objects >= 1 %", camvid_objects(DATA / "camvid" / "CamVid", cap), True)}
    for key in only:
        name, items, with_grabcut = sets[key]()
        bench_set(name, items, encoder, decoder, manifest.config, with_grabcut)


def isbi_set() -> list[tuple[np.ndarray, np.ndarray, None]]:
    """Membrane as class 1, cell interior as class 2 (label PNG: 0 membrane, 255 cell)."""
    root = DATA / "isbi_membrane" / "data" / "membrane" / "train"
    items = []
    for image_path in sorted((root / "image").iterdir(), key=lambda p: int(p.stem)):
        gray = cv2.imread(str(image_path), cv2.IMREAD_GRAYSCALE)
        label = cv2.imread(str(root / "label" / image_path.name), cv2.IMREAD_GRAYSCALE)
        items.append((cv2.cvtColor(gray, cv2.COLOR_GRAY2RGB), np.where(label < 128, 1, 2).astype(np.uint8), None))
    return items


def camvid_set() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """CamVid classes 0..10 as 1..11; void (11) is neither sampled nor scored."""
    root = DATA / "camvid" / "CamVid"
    items = []
    for image_path in sorted((root / "val").iterdir()):
        image = cv2.cvtColor(cv2.imread(str(image_path)), cv2.COLOR_BGR2RGB)
        label = cv2.imread(str(root / "valannot" / image_path.name), cv2.IMREAD_GRAYSCALE)
        items.append((image, (label + 1).astype(np.uint8), label != 11))
    return items


def mean_iou(predicted: np.ndarray, truth: np.ndarray, valid: np.ndarray | None, classes: list[int]) -> float:
    ignore = None if valid is None else ~valid
    present = [c for c in classes if (truth == c).any()]
    return float(np.mean([iou_ignoring(predicted == c, truth == c, ignore) for c in present]))


def bench_trained(test_images: int, speed_only: bool = False) -> None:
    from labelplatform.prelabel.engines.features import pixel_features
    from labelplatform.prelabel.engines.pixel_classifier import TrainingImage, predict, train

    sets = [("isbi_membrane", isbi_set(), [1, 2], 1), ("camvid", camvid_set(), list(range(1, 12)), 7)]
    camvid = sets[1][1]
    if speed_only:  # a 4-image CamVid model: the speed depends on the trees and classes, not the IoU
        model = train([TrainingImage(image, truth, valid) for image, truth, valid in camvid[:10:3]])
    for name, items, classes, spread in [] if speed_only else sets:
        test = items[-test_images:]
        # CamVid frames are consecutive video: training frames are spread out, as a labeler's picks would be
        pool = items[:-test_images][::spread]
        row = []
        for count in (1, 3, 10):
            started = time.perf_counter()
            model = train([TrainingImage(image, truth, valid) for image, truth, valid in pool[:count]])
            train_s = time.perf_counter() - started
            scores = [mean_iou(predict(model, image)[0], truth, valid, classes) for image, truth, valid in test]
            extra = ""
            if name == "isbi_membrane":
                membrane = [iou_ignoring(predict(model, image)[0] == 1, truth == 1) for image, truth, _ in test[:3]]
                extra = f", membrane IoU {statistics.mean(membrane):.3f}"
            row.append(f"{count:>2} labeled: mIoU {statistics.mean(scores):.3f}{extra} (train {train_s:.1f} s)")
        print(f"{name} ({len(test)} held-out images): " + "; ".join(row))
    image = cv2.resize(camvid[0][0], (1155, 866))  # 1.0 megapixel, with the last (CamVid) model
    runs = 3
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(runs):
        predict(model, image)
    per_image = (time.perf_counter() - started) / runs
    cpu_per_image = (time.process_time() - cpu_started) / runs
    cpu_started = time.process_time()
    for _ in range(runs):
        pixel_features(image)
    features_cpu = (time.process_time() - cpu_started) / runs
    print(f"pre-labeling speed at 1 MP on one core ({model.forest.n_estimators} trees, {len(model.classes)} classes): "
          f"{1 / per_image:.2f} images/s wall ({per_image:.2f} s per image); by CPU time {1 / cpu_per_image:.2f} "
          f"images/s ({cpu_per_image:.2f} s, of which features {features_cpu:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", default="all", choices=["clicks", "sam", "sets", "trained", "all"])
    parser.add_argument("--cap", type=int, default=30, help="sets part: objects per set")
    parser.add_argument("--limit", type=int, default=None, help="first N GrabCut images only")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--sets", default=",".join(SETS), help=f"sets part: which of {','.join(SETS)}")
    parser.add_argument("--encoder", default="int8", choices=list(ENCODER_ROLE), help="MobileSAM's encoder")
    parser.add_argument("--test-images", type=int, default=8, help="held-out images per data set")
    parser.add_argument("--speed-only", action="store_true", help="trained part: only the 1 MP speed (1 image)")
    args = parser.parse_args()
    cv2.setNumThreads(1)  # the machine is shared; figures are per core
    if args.part in ("clicks", "all"):
        bench_clicks(args.limit, args.verbose)
    if args.part in ("clicks", "sam", "all"):
        bench_mobilesam(args.limit, args.verbose, args.encoder)
    if args.part in ("sets", "all"):
        bench_sets(args.limit, args.cap, args.encoder, [k for k in args.sets.split(",") if k])
    if args.part in ("trained", "all"):
        bench_trained(args.test_images, args.speed_only)


if __name__ == "__main__":
    main()
