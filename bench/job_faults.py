"""Jobs against faults, with the production heartbeat and sweep intervals: prints the issue 14 figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/10 \\
        .venv/bin/python bench/job_faults.py

Runs two of tests/stack/test_job_faults.py with JOB_FAULTS_BENCH=1: a worker killed with kill -9
mid-export (the time from a new worker starting to the export's success), and Redis down for
30 s (label saves and job starts meanwhile, then the time from Redis being back to no job left
unfinished). The tests start their own Redis for the outage; nothing shared is restarted.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/stack/test_job_faults.py", "-q", "-s", "-p", "no:cacheprovider",
         "-k", "killed or broker_down"],
        cwd=ROOT, env={**os.environ, "JOB_FAULTS_BENCH": "1"}, capture_output=True, text=True)
    # pytest's progress dots may share a line with a figure
    print("\n".join(line[line.index("FIGURE"):] for line in run.stdout.splitlines() if "FIGURE" in line)
          or run.stdout[-3000:])
    print(run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-2000:])
    sys.exit(run.returncode)
