"""Schemathesis over the live schema, a labeler's then a manager's token, every check: the figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lp_h REDIS_URL=redis://127.0.0.1:6379/8 \
        .venv/bin/python bench/schema_fuzz.py [examples per operation, default 3]

Runs tests/stack/test_schema_fuzz.py with every phase (examples, coverage, fuzzing, stateful; the
in-suite run is fuzzing only) on gunicorn over a test database, a project made for the run, and
prints, per token, the cases, server errors, schema mismatches and each failing check.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    examples = sys.argv[1] if len(sys.argv) > 1 else "3"
    env = {**os.environ, "SCHEMA_FUZZ_EXAMPLES": examples, "SCHEMA_FUZZ_PHASES": "examples,coverage,fuzzing,stateful"}
    done = subprocess.run([sys.executable, "-m", "pytest", "tests/stack/test_schema_fuzz.py", "-q", "-s",
                           "-p", "no:cacheprovider"], cwd=ROOT, env=env)
    sys.exit(done.returncode)
