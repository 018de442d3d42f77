"""`manage.py check --deploy` in the documented production settings (issue 14, item 8).

The report: W004 (HSTS) and W008 (SSL redirect) stayed with no setting to clear
them, and there was no SECURE_PROXY_SSL_HEADER. The production environment is
what .env.example documents, with the secrets set as docs/deployment.md asks.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HTTPS_SETTINGS = ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                  "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER")


def documented_environment(tmp_path: Path) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", ""), "VAR_DIR": str(tmp_path), "DEBUG": "false"}  # DEBUG: docker-compose.yml
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name.strip()] = value.strip()
    env["SECRET_KEY"] = secrets.token_urlsafe(50)  # "set SECRET_KEY": the example's is a placeholder
    return env


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_documented_production_settings_pass_check_deploy(tmp_path):
    result = check_deploy(documented_environment(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_the_https_settings_the_report_s_warnings_come_back(tmp_path):
    env = {name: value for name, value in documented_environment(tmp_path).items() if name not in HTTPS_SETTINGS}
    result = check_deploy(env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_a_malformed_proxy_header_stops_the_start(tmp_path):
    env = {**documented_environment(tmp_path), "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto: https"}
    result = check_deploy(env)
    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER must be an HTTP header name" in result.stderr
