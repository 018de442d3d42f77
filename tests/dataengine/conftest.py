import pytest

from tests.prelabel.conftest import installed, upload  # noqa: F401  (the model and upload fixtures)


@pytest.fixture(scope="module")
def installed_model():  # type: ignore[no-untyped-def]
    """The MobileSAM folder, once per module (the engine tests load its sessions once)."""
    from pathlib import Path

    from django.conf import settings

    from labelplatform.prelabel.builtin import mobilesam
    from labelplatform.prelabel.builtin.installed import builtin_status

    model, reason = builtin_status(mobilesam.NAME)
    if model is None:
        pytest.fail(f"MobileSAM is not installed ({reason}); run scripts/models")
    return Path(settings.MODELS_ROOT) / mobilesam.NAME
