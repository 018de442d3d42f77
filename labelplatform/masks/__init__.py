"""Segmentation masks: the one place that decodes, paints and compares them.

Pure numpy + pycocotools (+ OpenCV, SciPy, Pillow); no Django. A mask on the
wire is a COCO RLE ``{"size": [height, width], "counts": "<str>"}``,
column-major, first run background, exactly ``pycocotools.mask.encode`` of a
Fortran-ordered mask with the counts as ``str``. Bad input raises
:class:`MaskError` (a ``ValueError``) whose message names the reason and
whose ``code`` is one of ``size parse negative_run sum empty overlap shape value``.

RLE (``rle``)
    ``validate(rle, height=None, width=None, *, allow_empty=False) -> Rle``:
    check an untrusted RLE (size, parse, runs >= 0, sum == h*w, not empty)
    without decoding pixels; returns it canonical with ``str`` counts.
    ``measure(...) -> MeasuredRle(rle, area, bbox)``: the same plus area and bbox.
    ``normalize(rle)``: compressed/uncompressed -> canonical compressed.
    ``encode(mask) -> Rle``, ``decode(rle, *, trusted=False) -> bool array``
    (validates unless ``trusted``). On trusted RLEs, without decoding:
    ``area``, ``bbox`` (ints ``[x, y, w, h]``), ``area_and_bbox`` (from the
    counts, validates), ``merge`` (union), ``intersect``, ``subtract``,
    ``complement``, ``iou_matrix``.

Label maps (``labelmap``): object ``i`` is value ``i + 1``, 0 unlabeled.
    ``labelmap_from_masks``, ``labelmap_from_rles``, ``masks_from_labelmap``,
    ``rles_from_labelmap`` (one transpose for all objects), ``find_overlaps``
    (-> ``Overlap(first, second, pixels)``), shared borders ``draw_over`` /
    ``draw_behind`` on a label map and ``draw_over_rles`` /
    ``draw_behind_rle`` on RLE objects.

Clean-up (``cleanup``): ``remove_small_components(mask, min_pixels)``,
    ``fill_small_holes(mask, max_pixels)``, ``open_mask``, ``close_mask``,
    ``smooth_edges(mask, radius)``, ``threshold(prob, level=0.5)``.

Comparison (``compare``): ``iou``, ``dice`` (RLE or arrays; two empty masks
    score 1), ``match_instances(predicted, reference, threshold=0.5)`` ->
    ``MatchResult`` (Hungarian pairs, per-class ``ClassScores`` with mean IoU,
    precision, recall), ``boundary_f(pred, ref, tolerance=2)``.

Conversions (``rasters``, ``polygons``, ``png``):
    ``objects_from_index_mask`` / ``index_mask_from_objects`` (semantic
    uint8/uint16), ``objects_from_color_mask`` / ``color_mask_from_objects``
    (RGB + ``mask_labels`` ``[{"value": [r, g, b], "labels": [...]}]``),
    ``mask_from_alpha`` / ``alpha_from_mask``, ``binary_png_from_mask`` /
    ``mask_from_binary_png``, ``objects_from_instance_ids`` /
    ``instance_ids_from_objects`` (Cityscapes ``class*1000+n``),
    ``polygons_from_mask`` / ``mask_from_polygons`` (outer rings with holes,
    ``tolerance`` in px), ``coco_polygons`` / ``mask_from_coco_polygons``
    (pixel-edge outlines that pycocotools fills back exactly),
    ``yolo_polygons`` / ``mask_from_yolo``, ``read_image`` / ``write_png``.
"""

from labelplatform.masks.cleanup import (
    close_mask,
    fill_small_holes,
    open_mask,
    remove_small_components,
    smooth_edges,
    threshold,
)
from labelplatform.masks.compare import (
    ClassScores,
    MaskLike,
    MatchResult,
    boundary_f,
    dice,
    iou,
    match_instances,
)
from labelplatform.masks.errors import MaskError
from labelplatform.masks.labelmap import (
    LabelMap,
    Overlap,
    draw_behind,
    draw_behind_rle,
    draw_over,
    draw_over_rles,
    find_overlaps,
    find_overlaps_measured,
    labelmap_from_masks,
    labelmap_from_rles,
    masks_from_labelmap,
    rles_from_labelmap,
)
from labelplatform.masks.png import (
    binary_png_from_mask,
    mask_from_binary_png,
    read_image,
    write_png,
)
from labelplatform.masks.polygons import (
    Polygon,
    coco_polygons,
    has_holes,
    mask_from_coco_polygons,
    mask_from_polygons,
    mask_from_yolo,
    polygons_from_mask,
    yolo_polygons,
)
from labelplatform.masks.rasters import (
    InstanceRegion,
    MaskLabel,
    alpha_from_mask,
    color_mask_from_objects,
    index_mask_from_objects,
    instance_ids_from_objects,
    mask_from_alpha,
    objects_from_color_mask,
    objects_from_index_mask,
    objects_from_instance_ids,
)
from labelplatform.masks.rle import (
    MeasuredRle,
    Rle,
    area,
    area_and_bbox,
    bbox,
    complement,
    decode,
    encode,
    intersect,
    iou_matrix,
    measure,
    merge,
    normalize,
    subtract,
    validate,
)

__all__ = [
    "ClassScores",
    "InstanceRegion",
    "LabelMap",
    "MaskError",
    "MaskLabel",
    "MaskLike",
    "MatchResult",
    "MeasuredRle",
    "Overlap",
    "Polygon",
    "Rle",
    "alpha_from_mask",
    "area",
    "area_and_bbox",
    "bbox",
    "binary_png_from_mask",
    "boundary_f",
    "close_mask",
    "coco_polygons",
    "color_mask_from_objects",
    "complement",
    "decode",
    "dice",
    "draw_behind",
    "draw_behind_rle",
    "draw_over",
    "draw_over_rles",
    "encode",
    "fill_small_holes",
    "find_overlaps",
    "find_overlaps_measured",
    "has_holes",
    "index_mask_from_objects",
    "instance_ids_from_objects",
    "intersect",
    "iou",
    "iou_matrix",
    "labelmap_from_masks",
    "labelmap_from_rles",
    "mask_from_alpha",
    "mask_from_binary_png",
    "mask_from_coco_polygons",
    "mask_from_polygons",
    "mask_from_yolo",
    "masks_from_labelmap",
    "match_instances",
    "measure",
    "merge",
    "normalize",
    "objects_from_color_mask",
    "objects_from_index_mask",
    "objects_from_instance_ids",
    "open_mask",
    "polygons_from_mask",
    "read_image",
    "remove_small_components",
    "rles_from_labelmap",
    "smooth_edges",
    "subtract",
    "threshold",
    "validate",
    "write_png",
    "yolo_polygons",
]
