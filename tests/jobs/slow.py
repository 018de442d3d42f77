"""A slow export format for fault tests: ndjson that takes SLOW_EXPORT_S per asset.

Registered in the test process and, with `--include tests.jobs.slow`, in a real worker, so a
test can kill the worker, cancel the job or restart the broker while an export is half written.
"""

import os
import time

from labelplatform.datasets.formats import EXPORT_FORMATS
from labelplatform.datasets.formats.base import ExportContext, PartSink
from labelplatform.datasets.formats.lines import Ndjson
from labelplatform.datasets.rows import AssetRow


class SlowNdjson(Ndjson):
    name = "slow-ndjson"

    def write_asset(self, row: AssetRow, sink: PartSink, ctx: ExportContext) -> None:
        time.sleep(float(os.environ.get("SLOW_EXPORT_S", "0.5")))
        super().write_asset(row, sink, ctx)


EXPORT_FORMATS[SlowNdjson.name] = SlowNdjson
