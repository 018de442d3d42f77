"""The embedding grid without SAM: which cells cover an image, and the per-project basis."""

import numpy as np

from labelplatform.dataengine.engines.embedding_grid import basis_fit, embedding_cells, embedding_planes


def test_the_cells_of_a_wide_image_are_the_top_rows_of_the_grid():
    embedding = np.zeros((1, 256, 64, 64), np.float32)
    cells = embedding_cells(embedding, (300, 600))  # the long side fills the 64 columns, half of the rows
    assert cells.shape == (256, 32, 64)


def test_the_basis_keeps_the_widest_directions_whitened_and_uncorrelated():
    rng = np.random.default_rng(3)
    spread = np.ones((256, 1, 1))
    spread[0] = 10.0  # channel 0 varies most
    cells = [(rng.normal(size=(256, 40, 50)) * spread + 2.0).astype(np.float32) for _ in range(2)]
    basis = basis_fit(cells, components=4)
    rows = np.concatenate([c.reshape(256, -1).T for c in cells])
    projected = (rows - basis.mean) @ basis.components.T
    assert basis.components.shape == (4, 256)
    assert np.allclose(projected.std(axis=0), 1.0, atol=0.01)
    assert np.abs(np.corrcoef(projected.T) - np.eye(4)).max() < 0.01
    leading = np.abs(basis.components[0]) / np.linalg.norm(basis.components[0])
    assert leading.argmax() == 0 and leading[0] > 0.99  # the first direction is the widest channel
    planes = embedding_planes(basis, cells[0], (80, 100))
    assert planes.shape == (4, 80, 100) and planes.dtype == np.float32
