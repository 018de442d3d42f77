"""Builds the optional C accelerator of the mask library; everything else is in pyproject.toml.

``optional=True``: where no C compiler is available the install still succeeds and
``labelplatform.masks`` falls back to its numpy code path.
"""

import os

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "labelplatform.masks._counts",
            ["labelplatform/masks/_counts.c"],
            extra_compile_args=["-O3"] if os.name == "posix" else [],
            optional=True,
        )
    ],
    package_data={"labelplatform.masks": ["_counts.c", "_counts.pyi"]},
)
