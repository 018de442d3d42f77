"""The SDK runs on machines without a server: importing it loads no Django, DRF or server app."""

import subprocess
import sys

from labelplatform.client import cli


def test_importing_the_client_loads_no_django() -> None:
    code = ("import sys, labelplatform.client, labelplatform.client.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'rest_framework', 'celery')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_command_line_starts_without_the_mask_library_and_loads_it_for_a_mask() -> None:
    # numpy, and SciPy and OpenCV with labelplatform.masks: most of the command line's start-up before
    code = ("import sys, labelplatform.client.cli as c; heavy = ('numpy', 'scipy', 'cv2', 'labelplatform.masks'); "
            "print(sorted(m for m in heavy if m in sys.modules)); "
            "import numpy; from labelplatform.client import to_numpy, to_rle; "
            "mask = numpy.zeros((3, 4), bool); mask[1, 2] = True; "
            "print(bool((to_numpy(to_rle(mask)) == mask).all()), 'labelplatform.masks' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["[]", "True True"]


def test_a_command_without_a_server_exits_1_with_the_reason(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("LABELPLATFORM_URL", raising=False)
    monkeypatch.setenv("LABELPLATFORM_CONFIG", "/nonexistent/config.json")
    assert cli.main(["projects", "--token", "x"]) == 1
    assert "no server URL" in capsys.readouterr().err


def test_upload_of_a_missing_folder_exits_1(capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli.main(["upload", "1", "/nonexistent/folder", "--url", "http://127.0.0.1:9"]) == 1
    assert "is not a folder" in capsys.readouterr().err
