"""The data engine on real data (no database): pre-labels after 1, 3 and 10 labeled images, with and
without synthetic copy-paste images, on fixed splits (bench/dataengine_sets.py).

Per row: semantic mean IoU over the classes present (void ignored), instance mask AP (COCO's: IoU
0.50:0.95, 101-point precision, per class then averaged) and AP50 of the thing objects, "kept": the
share of ground-truth thing objects that a pre-label of the right class covers at IoU >= 0.75, and the
CPU seconds per megapixel of labeled image (training) and of pre-labeled image (the SAM embeddings are
computed once and cached on disk under --cache, as the platform caches them per asset).

    .venv/bin/python bench/dataengine.py [--sets camvid,coco128_seg,isbi_membrane] [--counts 1,3,10]
        [--test-images 8] [--synthetic 0,2] [--cache var/bench-cache] [--megapixels 1.0] [--threshold 0.5]
        [--retrain]

--sets coco128_seg_dev is the coco128 project's development split (pool images 11-26 scored instead of the
held-out ones). --threshold is the project's dataengine_threshold. --megapixels resamples every image (and
its labels, by the nearest pixel) to that size first: the CPU figure for a 1 MP image (the sets' own images
are 0.17-0.3 MP, where fixed costs per image weigh more).
--retrain trains each row twice with the object rows kept per image between the two (as the platform keeps
them per label, .npz files in a temporary folder) and prints both trainings' CPU seconds and whether the two
models' pre-labels are the same.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # a BLAS that spins on a shared machine costs minutes
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import cv2  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dataengine_sets import DataSet, Sample, camvid, coco128, coco128_all, coco128_dev, isbi  # noqa: E402

from labelplatform.dataengine.engines.copy_paste import Instance, cutouts, synthesize  # noqa: E402
from labelplatform.dataengine.engines.engine import (  # noqa: E402
    THRESHOLD,
    Example,
    ObjectRows,
    Prelabels,
    engine_predict,
    engine_train,
    nearest,
)
from labelplatform.prelabel.builtin.manifest import manifest_read  # noqa: E402
from labelplatform.prelabel.engines.onnx_models import load_session  # noqa: E402
from labelplatform.prelabel.engines.sam import sam_embed  # noqa: E402
from labelplatform.prelabel.engines.sam_prepared import decoder_of  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
if not DATA.exists():
    DATA = Path("/work/shared/data")
KEPT_IOU = 0.75
PASTES_PER_IMAGE = 6


class Sam:
    def __init__(self, cache: Path) -> None:
        folder = Path(os.environ.get("MODELS_ROOT", Path(__file__).resolve().parents[1] / "var" / "models"))
        self.manifest = manifest_read(folder / "mobilesam")
        self.config = self.manifest.config
        self.encoder = load_session(str(self.manifest.files["encoder"].path))
        files = self.manifest.files  # the decoder pair when installed, as the platform loads it (backends.sam_decoder)
        self.decoder = decoder_of(files, lambda role: load_session(str(files[role].path)))
        self.cache = cache / "dataengine" / self.manifest.version
        self.cache.mkdir(parents=True, exist_ok=True)

    def embedding(self, key: str, image: np.ndarray) -> np.ndarray:
        path = self.cache / f"{key}.npy"
        if path.exists():
            return np.load(path)
        embedding = np.asarray(sam_embed(self.encoder, self.config, image), np.float32)
        np.save(path, embedding)
        return embedding


def _iou(a: np.ndarray, b: np.ndarray, valid: np.ndarray | None) -> float:
    if valid is not None:
        a, b = a & valid, b & valid
    union = np.count_nonzero(a | b)
    return np.count_nonzero(a & b) / union if union else 1.0


def mean_iou(predicted: np.ndarray, sample: Sample, classes: list[int]) -> float:
    present = [c for c in classes if (sample.classes == c).any()]
    return float(np.mean([_iou(predicted == c, sample.classes == c, sample.valid) for c in present]))


def average_precision(scored: list[tuple[float, bool]], truths: int) -> float:
    """COCO's 101-point interpolated precision over recall."""
    if truths == 0:
        return float("nan")
    scored = sorted(scored, key=lambda s: -s[0])
    hits = np.cumsum([hit for _, hit in scored]) if scored else np.zeros(0)
    recall = hits / truths
    precision = hits / np.arange(1, len(scored) + 1) if scored else np.zeros(0)
    precision = np.maximum.accumulate(precision[::-1])[::-1] if scored else precision
    points = np.linspace(0, 1, 101)
    return float(np.mean([precision[np.searchsorted(recall, r)] if np.searchsorted(recall, r) < len(recall) else 0.0
                          for r in points]))


def instance_figures(results: list[tuple[list, list]], things: list[int],
                     seen: set[int]) -> tuple[float, float, float, float]:
    """(AP 0.50:0.95, AP50, share of truths kept at IoU >= 0.75 with the right class, the same share of the
    truths of the classes `seen` in the labeled images: no pre-labeler can name a class it was not shown)."""
    per_threshold = {t: [] for t in np.arange(0.5, 0.96, 0.05).round(2)}
    kept = total = kept_seen = total_seen = 0
    for predicted, truths in results:
        total += len(truths)
        total_seen += sum(c in seen for c, _ in truths)
        ious = np.asarray([[_iou(p.mask, m, None) if p.class_id == c else 0.0 for c, m in truths] for p in predicted])
        if predicted and truths:
            hits = ious.max(axis=0) >= KEPT_IOU
            kept += int(np.count_nonzero(hits))
            kept_seen += int(sum(hit for hit, (c, _) in zip(hits, truths, strict=True) if c in seen))
    for threshold in per_threshold:
        aps = []
        for thing in things:
            scored, count = [], 0
            for predicted, truths in results:
                mine = [p for p in predicted if p.class_id == thing]
                theirs = [m for c, m in truths if c == thing]
                count += len(theirs)
                taken: set[int] = set()
                for p in sorted(mine, key=lambda p: -p.score):
                    best, index = 0.0, -1
                    for j, m in enumerate(theirs):
                        if j not in taken and (value := _iou(p.mask, m, None)) > best:
                            best, index = value, j
                    hit = best >= threshold
                    if hit:
                        taken.add(index)
                    scored.append((p.score, hit))
            if count:
                aps.append(average_precision(scored, count))
        per_threshold[threshold] = aps
    ap = float(np.mean([np.mean(v) for v in per_threshold.values() if v])) if things else float("nan")
    ap50 = float(np.mean(per_threshold[0.5])) if per_threshold[0.5] else float("nan")
    return (ap, ap50, kept / total if total else float("nan"),
            kept_seen / total_seen if total_seen else float("nan"))


def stage_figures(answers: list[Prelabels], truths: list[list[tuple[int, np.ndarray]]]) -> str:
    """Where the held-out thing objects are lost, stage by stage: SAM offers a candidate at IoU >= KEPT_IOU
    (proposal recall); one such candidate is named with the right class (else what the best of them was
    called: not an object, unknown, another class); that candidate survives the non-overlapping assembly
    (not dropped under a surer object that took most of it, nor cut below KEPT_IOU by one)."""
    offered = named = not_object = unknown = other = lost = trimmed = total = 0
    for answer, objects in zip(answers, truths, strict=True):
        for value, truth in objects:
            total += 1
            close = [(iou, c) for c in answer.candidates if (iou := _iou(c.mask, truth, None)) >= KEPT_IOU]
            if not close:
                continue
            offered += 1
            right = [c for _, c in close if c.class_id == value]
            if right:
                named += 1
                survived = any(c.fate == "kept" for c in right)
                lost += not survived
                trimmed += survived and all(o.class_id != value or _iou(o.mask, truth, None) < KEPT_IOU
                                            for o in answer.objects)
                continue
            best = max(close, key=lambda ic: ic[0])[1]
            not_object += best.class_id == 0
            unknown += best.class_id < 0
            other += best.class_id > 0
    return (f"    stages: SAM offers {offered}/{total} at IoU >= {KEPT_IOU}; named right {named} (the best of the "
            f"others: not an object {not_object}, unknown {unknown}, another class {other}); in the assembly "
            f"dropped under a surer object {lost}, cut under IoU {KEPT_IOU} by one {trimmed}; candidates per image "
            f"{np.mean([len(a.candidates) for a in answers]):.1f}")


class FolderRows:
    """engine_train's RowsCache in a folder, one .npz per example (storage.rows_save() writes the same)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def load(self, index: int, key: str) -> ObjectRows | None:
        path = self.folder / f"{index}.npz"
        if not path.exists():
            return None
        with np.load(path, allow_pickle=False) as kept:
            return ObjectRows(kept["rows"], kept["values"]) if str(kept["key"]) == key else None

    def save(self, index: int, key: str, rows: ObjectRows) -> None:
        buffer = io.BytesIO()
        np.savez_compressed(buffer, key=np.asarray(key), rows=rows.rows, values=rows.values)
        (self.folder / f"{index}.npz").write_bytes(buffer.getvalue())


def retrain_figures(examples: list[Example], things: list[int], sam: Sam, tests: list[tuple[np.ndarray, np.ndarray]],
                    plain_cpu: float) -> str:
    """A first training that keeps its object rows and a second that finds them (the next retraining of the same
    labels); the pre-labels of the test images by the models with and without the rows kept."""
    with tempfile.TemporaryDirectory() as folder:
        rows = FolderRows(Path(folder))
        times = []
        for _ in range(2):
            cpu = time.process_time()
            model = engine_train(examples, things, sam.decoder, sam.config, cache=rows)
            times.append(time.process_time() - cpu)
    plain = engine_train(examples, things, sam.decoder, sam.config)
    same = all(np.array_equal(engine_predict(model, image, e, sam.decoder, sam.config).class_map,
                              engine_predict(plain, image, e, sam.decoder, sam.config).class_map)
               for image, e in tests)
    return (f"    retraining: without kept rows {plain_cpu:.2f} s CPU, first (rows kept) {times[0]:.2f} s, second "
            f"(rows found) {times[1]:.2f} s; same pre-labels {same}; load {os.getloadavg()[0]:.2f}")


def synthetic_examples(labeled: list[tuple[Sample, np.ndarray]], per_image: int, sam: Sam, things: list[int],
                       name: str, rng: np.random.Generator) -> list[Example]:
    """`per_image` copy-paste images per labeled image: its thing objects onto another labeled image."""
    pool = [c for sample, _ in labeled for c in cutouts(sample.image, [Instance(k, m) for k, m in sample.instances
                                                                       if k in things])]
    made = []
    for index in range(per_image * len(labeled)):
        background, _ = labeled[(index + 1) % len(labeled)]
        under = [Instance(int(v), background.classes == v) for v in np.unique(background.classes) if v != 0]
        image, objects = synthesize(background.image, under, pool, PASTES_PER_IMAGE, rng)
        classes = np.zeros(background.classes.shape, np.uint8)
        for obj in objects:
            classes[obj.mask] = obj.class_id
        valid = classes > 0 if background.valid is None else (classes > 0) | background.valid
        pasted = [(o.class_id, o.mask) for o in objects if o.class_id in things]
        key = f"{name}-synthetic-{background.name}-{index}-{len(labeled)}"
        made.append(Example(image, classes, pasted, sam.embedding(key, image), valid, ident=100_000 + index))
    return made


def resampled(data: DataSet, megapixels: float, labeled: int) -> DataSet:
    """The set with its first `labeled` pool images and its test images resampled to `megapixels`."""
    def one(sample: Sample) -> Sample:
        height, width = sample.classes.shape
        scale = (megapixels * 1e6 / (height * width)) ** 0.5
        size = (round(height * scale), round(width * scale))
        image = cv2.resize(sample.image, (size[1], size[0]), interpolation=cv2.INTER_LINEAR)
        return Sample(sample.name, image, nearest(sample.classes, size),
                      None if sample.valid is None else nearest(sample.valid, size),
                      [(c, nearest(m, size)) for c, m in sample.instances])
    return DataSet(f"{data.name}-{megapixels:g}mp", [one(s) for s in data.pool[:labeled]], [one(s) for s in data.test],
                   data.classes, data.things)


def run_set(data: DataSet, counts: list[int], synthetic: list[int], sam: Sam, threshold: float,
            retrain: bool = False) -> None:
    print(f"{data.name}: {len(data.test)} held-out images, things {data.things if len(data.things) < 12 else 'all'}",
          flush=True)
    stem = data.name.removesuffix("_all").removesuffix("_dev")  # the same images share their cached embeddings
    test_embeddings = [sam.embedding(f"{stem}-{s.name}", s.image) for s in data.test]
    for count in counts:
        chosen = data.pool[:count]
        labeled = [(s, sam.embedding(f"{stem}-{s.name}", s.image)) for s in chosen]
        real = [Example(s.image, s.classes, s.instances, e, s.valid, ident=number)
                for number, (s, e) in enumerate(labeled)]
        for per_image in synthetic:
            made = synthetic_examples(labeled, per_image, sam, data.things, data.name,
                                      np.random.default_rng(count)) if per_image and data.things else []
            if per_image and not data.things:
                continue
            examples = real + made
            cpu = time.process_time()
            model = engine_train(examples, data.things, sam.decoder, sam.config)
            train_cpu = time.process_time() - cpu
            train_mp = sum(e.image.shape[0] * e.image.shape[1] for e in examples) / 1e6
            cpu = time.process_time()
            answers = [engine_predict(model, s.image, e, sam.decoder, sam.config, threshold=threshold,
                                      explain=bool(data.things))
                       for s, e in zip(data.test, test_embeddings, strict=True)]
            predict_cpu = time.process_time() - cpu
            predict_mp = sum(s.image.shape[0] * s.image.shape[1] for s in data.test) / 1e6
            miou = float(np.mean([mean_iou(a.class_map, s, data.classes) for a, s in zip(answers, data.test,
                                                                                       strict=True)]))
            line = f"  {count:>2} labeled + {len(made):>2} synthetic: mIoU {miou:.3f}"
            if data.things:
                seen = {c for s, _ in labeled for c, _ in s.instances}
                ap, ap50, kept, kept_seen = instance_figures(
                    [([o for o in a.objects if o.thing], [(c, m) for c, m in s.instances if c in data.things])
                     for a, s in zip(answers, data.test, strict=True)], data.things, seen)
                unknown = sum(a.unknown for a in answers)
                line += (f"  mask AP {ap:.3f} AP50 {ap50:.3f}  kept@{KEPT_IOU} right class {kept:.3f}"
                         f" (of seen classes {kept_seen:.3f})  unknown {unknown}")
            print(line + f"  CPU/MP train {train_cpu / train_mp:.2f} s, pre-label {predict_cpu / predict_mp:.2f} s",
                  flush=True)
            if data.things:
                print(stage_figures(answers, [[(c, m) for c, m in s.instances if c in data.things]
                                              for s in data.test]), flush=True)
            if retrain:
                print(retrain_figures(examples, data.things, sam,
                                      [(s.image, e) for s, e in zip(data.test, test_embeddings, strict=True)][:2],
                                      train_cpu), flush=True)


def warm_up(data: DataSet, sam: Sam) -> None:
    """One untimed train + pre-label on the first labeled and first held-out image, as a worker's first job:
    the first run of a process pays one-time costs (onnxruntime's first decoder runs, scikit-learn's thread
    pools, OpenCV's first calls) that a running worker has paid, and the bench charged them to its first set
    (CamVid 1 MP 2.39 s as the first set, 1.93 s as the second, load 0.7). The cost is printed, not hidden."""
    stem = data.name.removesuffix("_all").removesuffix("_dev")
    sample, test = data.pool[0], data.test[0]
    cpu = time.process_time()
    model = engine_train([Example(sample.image, sample.classes, sample.instances,
                                  sam.embedding(f"{stem}-{sample.name}", sample.image), sample.valid)],
                         data.things, sam.decoder, sam.config)
    engine_predict(model, test.image, sam.embedding(f"{stem}-{test.name}", test.image), sam.decoder, sam.config)
    print(f"warm-up (a worker's first job, untimed below): {time.process_time() - cpu:.2f} s CPU", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", default="camvid,coco128_seg,coco128_seg_all,isbi_membrane")
    parser.add_argument("--counts", default="1,3,10")
    parser.add_argument("--synthetic", default="0,2", help="synthetic images per labeled image (0 = none)")
    parser.add_argument("--test-images", type=int, default=8)
    parser.add_argument("--threshold", type=float, default=THRESHOLD, help="the project's dataengine_threshold")
    parser.add_argument("--megapixels", type=float, default=0.0, help="resample the images to this size (0: as is)")
    parser.add_argument("--no-warm-up", action="store_true", help="charge a process's one-time costs to the first set")
    parser.add_argument("--retrain", action="store_true", help="train twice, object rows kept between")
    parser.add_argument("--cache", default=str(Path(__file__).resolve().parents[1] / "var" / "bench-cache"))
    args = parser.parse_args()
    cv2.setNumThreads(1)
    # The engine imports scikit-learn on first use (1-1.25 s of CPU); a running worker has paid that once, so
    # it is paid here before any timing instead of being charged to the first set's training.
    import sklearn.ensemble  # noqa: F401
    import sklearn.linear_model  # noqa: F401
    import sklearn.pipeline  # noqa: F401
    import sklearn.preprocessing  # noqa: F401

    sam = Sam(Path(args.cache))
    loaders = {"camvid": lambda: camvid(DATA / "camvid" / "CamVid", args.test_images),
               "coco128_seg": lambda: coco128(DATA / "coco128_seg" / "coco128-seg", args.test_images),
               "coco128_seg_dev": lambda: coco128_dev(DATA / "coco128_seg" / "coco128-seg", args.test_images),
               "coco128_seg_all": lambda: coco128_all(DATA / "coco128_seg" / "coco128-seg", args.test_images),
               "isbi_membrane": lambda: isbi(DATA / "isbi_membrane" / "data" / "membrane" / "train",
                                             args.test_images)}
    counts = [int(c) for c in args.counts.split(",")]
    synthetic = [int(s) for s in args.synthetic.split(",")]
    for number, name in enumerate(args.sets.split(",")):
        data = loaders[name]()
        data = resampled(data, args.megapixels, max(counts)) if args.megapixels else data
        if number == 0 and not args.no_warm_up:
            warm_up(data, sam)
        run_set(data, counts, synthetic, sam, args.threshold, args.retrain)


if __name__ == "__main__":
    main()
