"""The ``labelplatform`` command line: ``upload PROJECT DIR``, ``export PROJECT --format FMT --wait
--output FILE``, ``login``, ``projects``, ``import``, ``versions create``, ``prelabel``, ``pull``,
``buckets list|attach|get|update|sync|detach`` (cli_buckets.py).

The server and token come from ``--url``/``--token``, else LABELPLATFORM_URL/LABELPLATFORM_TOKEN,
else the file ``login`` wrote. ``--json`` prints one JSON document on stdout; progress goes to
stderr; a failure exits 1 (2 for bad usage) with the reason on stderr.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from labelplatform.client import cli_buckets
from labelplatform.client.client import Client
from labelplatform.client.errors import ClientError
from labelplatform.client.progress import Bar
from labelplatform.client.resources import image_files


def config_path() -> Path:
    base = os.environ.get("LABELPLATFORM_CONFIG")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "labelplatform" / "config.json"


def _saved() -> dict[str, Any]:
    path = config_path()
    return dict(json.loads(path.read_text())) if path.exists() else {}


def _client(args: argparse.Namespace) -> Client:
    saved = _saved()
    url = args.url or os.environ.get("LABELPLATFORM_URL") or saved.get("url")
    token = args.token or os.environ.get("LABELPLATFORM_TOKEN") or saved.get("token")
    return Client(url, token or "")


def _job_bar(label: str, quiet: bool) -> Any:
    if quiet:
        return None
    bar = Bar(label)
    return lambda job: bar(int(job["progress"].get("done", 0)), int(job["progress"].get("total", 0)))


def cmd_login(args: argparse.Namespace) -> Any:
    url = args.url or os.environ.get("LABELPLATFORM_URL")
    if not url:
        raise ClientError("no server URL: pass --url or set LABELPLATFORM_URL")
    password = os.environ.get("LABELPLATFORM_PASSWORD") or getpass.getpass(f"password for {args.username}: ")
    client = Client.login(url, args.username, password)
    client.close()
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump({"url": url, "token": client.http.token}, out)
    os.chmod(path, 0o600)  # an older file may have had wider permissions
    return {"url": url, "username": args.username, "config": str(path)}


def cmd_projects(args: argparse.Namespace) -> Any:
    with _client(args) as lp:
        if args.action == "create":
            if not args.name:
                raise ClientError("projects create needs a NAME")
            return lp.projects.create(args.name, description=args.description or "")
        return list(lp.projects.list())


def cmd_upload(args: argparse.Namespace) -> Any:
    files = image_files(args.dir)
    if not files:
        raise ClientError(f"no images under {args.dir}")
    with _client(args) as lp:
        # Content the project already holds is left out unless asked, so rerunning an interrupted or
        # repeated upload of a folder adds only what is missing.
        skipped = set() if args.duplicates else set(lp.assets.already_there(args.project, files))
        todo = [f for f in files if f not in skipped]
        progress = None if args.json or not todo else Bar("upload")
        created = lp.assets.upload(args.project, todo, concurrency=args.concurrency, progress=progress)
    return {"project": args.project, "uploaded": len(created), "skipped": len(skipped),
            "assets": [a["id"] for a in created]}


def cmd_export(args: argparse.Namespace) -> Any:
    if args.output and not args.wait:
        raise ClientError("--output needs --wait")
    options: dict[str, Any] = {"labels": args.labels}
    if args.version:
        options.update(labels="version", version=args.version)
    if args.include_images:
        options["include_images"] = True
    with _client(args) as lp:
        job = lp.exports.start(args.project, args.format, **options)
        if not args.wait:
            return job
        job = lp.jobs.wait(job, timeout=args.timeout, progress=_job_bar("export", args.json))
        if args.output:
            path = lp.jobs.download(job, args.output)
            return {"job": job["id"], "status": job["status"], "output": str(path), "bytes": path.stat().st_size,
                    "result": job.get("result")}
        return job


def cmd_import(args: argparse.Namespace) -> Any:
    with _client(args) as lp:
        local = Path(args.source)
        source: dict[str, Any] = {"file": local} if local.is_file() else {"path": args.source}
        options: dict[str, Any] = {"predictions": True} if args.predictions else {}
        job = lp.imports.start(args.project, format=args.format, **source, **options)
        if args.wait:
            job = lp.jobs.wait(job, timeout=args.timeout, progress=_job_bar("import", args.json))
        return job


def cmd_versions(args: argparse.Namespace) -> Any:
    with _client(args) as lp:
        if args.action == "create":
            return lp.versions.create(args.project, args.name, labels=args.labels, description=args.description)
        return list(lp.versions.list(args.project))


def cmd_prelabel(args: argparse.Namespace) -> Any:
    with _client(args) as lp:
        job = lp.prelabel.run(args.project, args.backend, assets=args.assets or None)
        if args.wait:
            job = lp.jobs.wait(job, timeout=args.timeout, progress=_job_bar("prelabel", args.json))
        return job


def cmd_pull(args: argparse.Namespace) -> Any:
    with _client(args) as lp:
        return lp.pull(args.project, args.dest, since=args.since, status=args.status)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="labelplatform", description="labelplatform from the command line")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--url", help="server, e.g. http://127.0.0.1:8000 (LABELPLATFORM_URL)")
    common.add_argument("--token", help="API token (LABELPLATFORM_TOKEN)")
    common.add_argument("--json", action="store_true", help="print machine-readable JSON on stdout")
    sub = top.add_subparsers(dest="command", required=True)

    p = sub.add_parser("login", parents=[common], help="store a token in the config file (0600)")
    p.add_argument("username")
    p.set_defaults(run=cmd_login)

    p = sub.add_parser("projects", parents=[common], help="list or create projects")
    p.add_argument("action", nargs="?", choices=["list", "create"], default="list")
    p.add_argument("name", nargs="?")
    p.add_argument("--description")
    p.set_defaults(run=cmd_projects)

    p = sub.add_parser("upload", parents=[common], help="upload every image under DIR")
    p.add_argument("project", type=int)
    p.add_argument("dir")
    p.add_argument("--concurrency", type=int, default=4)
    p.add_argument("--duplicates", action="store_true",
                   help="upload files whose content the project already holds too (default: skip them)")
    p.set_defaults(run=cmd_upload)

    def waits(p: argparse.ArgumentParser) -> None:
        p.add_argument("--wait", action="store_true", help="wait for the job to end")
        p.add_argument("--timeout", type=float, help="seconds to wait at most")

    p = sub.add_parser("export", parents=[common], help="run an export (and download it)")
    p.add_argument("project", type=int)
    p.add_argument("--format", required=True)
    p.add_argument("--labels", default="latest", choices=["latest", "accepted"])
    p.add_argument("--version", help="export this dataset version")
    p.add_argument("--include-images", action="store_true")
    p.add_argument("--output", help="file or folder to download the result to (with --wait)")
    waits(p)
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("import", parents=[common], help="import a local file, or a folder on the server")
    p.add_argument("project", type=int)
    p.add_argument("source", help="a local file to upload, else a folder under the server's IMPORT_ROOTS")
    p.add_argument("--format", default="auto")
    p.add_argument("--predictions", action="store_true", help="store as pre-labels")
    waits(p)
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("versions", parents=[common], help="list or create dataset versions")
    p.add_argument("action", choices=["list", "create"])
    p.add_argument("project", type=int)
    p.add_argument("name", nargs="?")
    p.add_argument("--labels", default="latest", choices=["latest", "accepted"])
    p.add_argument("--description", default="")
    p.set_defaults(run=cmd_versions)

    p = sub.add_parser("prelabel", parents=[common], help="pre-label the project's assets with a model")
    p.add_argument("project", type=int)
    p.add_argument("--backend", required=True)
    p.add_argument("--assets", type=int, nargs="*")
    waits(p)
    p.set_defaults(run=cmd_prelabel)

    p = sub.add_parser("pull", parents=[common], help="sync the project's labels into a folder")
    p.add_argument("project", type=int)
    p.add_argument("dest")
    p.add_argument("--since", help="ISO 8601 time (default: where the last pull into DEST ended)")
    p.add_argument("--status", choices=["draft", "submitted"])
    p.set_defaults(run=cmd_pull)

    cli_buckets.add_parser(sub, common, waits, lambda args: cli_buckets.cmd_buckets(args, _client, _job_bar))
    return top


def _human(result: Any) -> str:
    if isinstance(result, list):
        return "\n".join(_human(item) for item in result)
    if isinstance(result, dict):
        keys = [k for k in ("id", "name", "status", "uploaded", "skipped", "output", "bytes", "written", "since")
                if k in result]
        return "  ".join(f"{k}={result[k]}" for k in keys) or json.dumps(result)
    return str(result)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "versions" and args.action == "create" and not args.name:
        print("labelplatform: versions create needs a NAME", file=sys.stderr)
        return 2
    try:
        result = args.run(args)
    except (ClientError, OSError) as error:
        print(f"labelplatform: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    print(json.dumps(result, indent=2, default=str) if args.json else _human(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
