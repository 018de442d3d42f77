"""The SDK's upload requests: at most `batch` files each, in whole rounds of `concurrency` of even sizes."""

from pathlib import Path

import pytest

from labelplatform.client.resources import upload_batches


@pytest.mark.parametrize("files,batch,concurrency,sizes", [
    (200, 16, 4, [13] * 8 + [12] * 8),  # not 12 requests of 16 and a last round of one request of 8
    (64, 16, 4, [16] * 4),
    (65, 16, 4, [9] + [8] * 7),
    (3, 2, 4, [1, 1, 1]),
    (17, 16, 1, [9, 8]),
    (0, 16, 4, []),
])
def test_files_are_split_in_even_rounds_of_the_concurrency(files, batch, concurrency, sizes) -> None:  # type: ignore[no-untyped-def]
    paths = [Path(f"{n}.png") for n in range(files)]
    batches = upload_batches(paths, batch, concurrency)
    assert [len(b) for b in batches] == sizes
    assert [p for b in batches for p in b] == paths  # every file once, in order
