"""Install the built-in models (MobileSAM) under MODELS_ROOT; `scripts/models` runs this. Idempotent."""

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from labelplatform.prelabel import storage
from labelplatform.prelabel.builtin import mobilesam
from labelplatform.prelabel.builtin.installer import InstallError, mobilesam_install

DEFAULT_TORCH_INDEX = "https://download.pytorch.org/whl/cpu"  # CPU wheels: the default PyPI build pulls CUDA


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "labelplatform"


class Command(BaseCommand):
    help = "Download, check, export to ONNX and install MobileSAM (LABELPLATFORM_MODELS=none skips it)."

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = os.environ.get("LABELPLATFORM_MODELS", mobilesam.NAME).strip()
        if wanted == "none":
            self.stdout.write("LABELPLATFORM_MODELS=none: no built-in model installed")
            return
        if wanted != mobilesam.NAME:
            raise CommandError(f"LABELPLATFORM_MODELS={wanted!r}: use {mobilesam.NAME!r} or 'none'")
        try:
            manifest = mobilesam_install(models_root=Path(settings.MODELS_ROOT), cache=cache_dir(),
                                         torch_index_url=os.environ.get("TORCH_INDEX_URL", DEFAULT_TORCH_INDEX),
                                         log=self.stdout.write)
        except InstallError as exc:
            raise CommandError(f"{mobilesam.NAME} not installed: {exc}") from None
        dropped = storage.embeddings_drop_stale(mobilesam.NAME, manifest.version)
        if dropped:
            self.stdout.write(f"removed the cached embeddings of older {mobilesam.NAME} versions: {dropped}")
