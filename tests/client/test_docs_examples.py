"""The examples of docs/sdk.md and docs/cli.md run as written against the live stack.

The Python blocks of docs/sdk.md run as one script, and the first shell block of docs/cli.md as one
bash script, in a folder holding `images/`; the only changes are the server's address and the
user name the session logs in as (the docs say 127.0.0.1:8000 and admin).
"""

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs"
BIN = Path(sys.executable).parent


def blocks(doc: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", (DOCS / doc).read_text(), re.S)


def test_the_sdk_examples_run(live_url, manager_token, image_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "example.py"
    script.write_text("\n".join(blocks("sdk.md", "python")))
    env = {**os.environ, "LABELPLATFORM_URL": live_url, "LABELPLATFORM_TOKEN": manager_token}
    done = subprocess.run([sys.executable, str(script)], cwd=image_dir.parent, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "uploaded 3/3" in done.stdout
    assert (image_dir.parent / "v1.zip").stat().st_size > 0
    # the training example's last line: labeled pixels per image of the version (the one labeled: 15 x 20)
    per_image = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert per_image == {"a.png": 300}


def test_the_cli_session_runs(live_url, image_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    session = blocks("cli.md", "sh")[0]
    session = session.replace("http://127.0.0.1:8000", live_url).replace("login admin", "login manager")
    script = tmp_path / "session.sh"
    script.write_text(session)
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "LABELPLATFORM_PASSWORD": PASSWORD,
           "LABELPLATFORM_CONFIG": str(tmp_path / "config.json")}
    env.pop("LABELPLATFORM_TOKEN", None)
    done = subprocess.run(["bash", str(script)], cwd=image_dir.parent, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert (image_dir.parent / "coco.zip").stat().st_size > 0 and (image_dir.parent / "v1.zip").stat().st_size > 0
    assert (image_dir.parent / "dataset").is_dir()
    versions = re.search(r"^\[\n.*?^\]", done.stdout, re.S | re.M)
    assert versions is not None and [v["name"] for v in json.loads(versions.group(0))] == ["v1"]
