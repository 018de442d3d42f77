"""Export formats by name."""

from labelplatform.datasets.formats.base import ExportFormat
from labelplatform.datasets.formats.coco import CocoInstances, CocoPanoptic
from labelplatform.datasets.formats.davis import DavisPng
from labelplatform.datasets.formats.lines import Ndjson, Yolo
from labelplatform.datasets.formats.mots import MotsTxt
from labelplatform.datasets.formats.rasters import InstancePng, RgbPng, SemanticPng
from labelplatform.datasets.formats.voc import Cityscapes, Voc
from labelplatform.datasets.formats.youtube_vis import YoutubeVis

EXPORT_FORMATS: dict[str, type[ExportFormat]] = {
    f.name: f for f in (CocoInstances, CocoPanoptic, SemanticPng, RgbPng, InstancePng, Voc, Cityscapes, Yolo, Ndjson,
                        DavisPng, YoutubeVis, MotsTxt)
}
