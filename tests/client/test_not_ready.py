"""The SDK while a worker computes an asset's SAM embedding: the API's 202 raises NotReady naming the job."""

from pathlib import Path

import pytest

from labelplatform.client import Client, NotReady
from tests.prelabel.conftest import installed  # noqa: F401  (the real MobileSAM, or a skip outside CI)

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("installed")
def test_segment_raises_not_ready_until_the_worker_has_the_embedding(live_url: str, manager_token: str,
                                                                     image_dir: Path) -> None:
    with Client(live_url, manager_token) as lp:
        # given an asset of a project that computes no embedding ahead of time
        project = lp.projects.create("Not ready", settings={"embed_at_upload_max_assets": 0,
                                                            "embeddings_ahead": 0})["id"]
        asset = lp.assets.upload(project, [image_dir / "a.png"])[0]["id"]
        # when the first click asks the server
        with pytest.raises(NotReady) as waiting:
            lp.prelabel.segment(asset, backend="mobilesam", points=[[20, 15, 1]])
        # then it names the job computing the embedding and says when to ask again
        assert isinstance(waiting.value.job, int) and waiting.value.retry_after == 1.0
        assert f"being computed by job {waiting.value.job}" in waiting.value.detail
        # and once the real worker ran that job, the same call answers the mask
        assert lp.jobs.wait(waiting.value.job, timeout=120)["status"] == "succeeded"
        answer = lp.prelabel.segment(asset, backend="mobilesam", points=[[20, 15, 1]], numpy=True)
        assert answer["backend"] == "mobilesam" and answer["mask"].shape == (30, 40)
