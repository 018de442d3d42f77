"""``labelplatform buckets``: a project's own S3-compatible buckets (the SDK's ``Buckets``).

    labelplatform buckets list PROJECT
    labelplatform buckets attach PROJECT NAME BUCKET [--endpoint-url URL] [--prefix P] [--region R]
    labelplatform buckets get BUCKET
    labelplatform buckets update BUCKET [--name N] [--bucket B] [--prefix P] [--region R] [--endpoint-url URL]
                                        [--new-credentials]
    labelplatform buckets sync BUCKET [--wait] [--timeout S]
    labelplatform buckets detach BUCKET [--delete-assets]

The credentials of ``attach`` (and ``update --new-credentials``) come from the environment, never the
command line (where other users of the machine could read them in the process list):
LABELPLATFORM_BUCKET_ACCESS_KEY_ID and LABELPLATFORM_BUCKET_SECRET_ACCESS_KEY, else AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY; a missing secret is asked for on the terminal.
"""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable
from typing import Any

from labelplatform.client.client import Client
from labelplatform.client.errors import ClientError

ACTIONS = ("list", "attach", "get", "update", "sync", "detach")
UPDATABLE = ("name", "bucket", "prefix", "region", "endpoint_url")  # besides the credentials


def _credential(*names: str) -> str:
    return next((os.environ[n] for n in names if os.environ.get(n)), "")


def _credentials() -> tuple[str, str]:
    key_id = _credential("LABELPLATFORM_BUCKET_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID")
    if not key_id:
        raise ClientError("no access key: set LABELPLATFORM_BUCKET_ACCESS_KEY_ID (or AWS_ACCESS_KEY_ID)")
    secret = (_credential("LABELPLATFORM_BUCKET_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY")
              or getpass.getpass(f"secret access key for {key_id}: "))
    return key_id, secret


def _attach(lp: Client, args: argparse.Namespace) -> Any:
    if len(args.target) != 3:
        raise ClientError("buckets attach needs PROJECT NAME BUCKET")
    project, name, bucket = _number(args.target[0], "PROJECT"), args.target[1], args.target[2]
    key_id, secret = _credentials()
    return lp.buckets.attach(project, name, bucket, key_id, secret, endpoint_url=args.endpoint_url or "",
                             prefix=args.prefix or "", region=args.region or "")


def _update(lp: Client, args: argparse.Namespace) -> Any:
    fields = {f: getattr(args, f) for f in UPDATABLE if getattr(args, f) is not None}
    if args.new_credentials:
        fields["access_key_id"], fields["secret_access_key"] = _credentials()
    if not fields:
        options = ", ".join(f"--{f.replace('_', '-')}" for f in (*UPDATABLE, "new_credentials"))
        raise ClientError(f"buckets update needs one of {options}")
    return lp.buckets.update(_one(args), **fields)


def _sync(lp: Client, args: argparse.Namespace, bar: Callable[[str, bool], Any]) -> Any:
    return lp.buckets.sync(_one(args), wait=args.wait, timeout=args.timeout, progress=bar("sync", args.json))


def _detach(lp: Client, args: argparse.Namespace) -> Any:
    source = _one(args)
    lp.buckets.detach(source, delete_assets=args.delete_assets)
    return {"id": source, "detached": True, "assets_deleted": args.delete_assets}


def _number(value: str, what: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ClientError(f"{what} must be a number, not {value!r}") from None


def _one(args: argparse.Namespace) -> int:
    if len(args.target) != 1:
        raise ClientError(f"buckets {args.action} needs one BUCKET id")
    return _number(args.target[0], "BUCKET")


def cmd_buckets(args: argparse.Namespace, client: Callable[[argparse.Namespace], Client],
                bar: Callable[[str, bool], Any]) -> Any:
    with client(args) as lp:
        if args.action == "list":
            if len(args.target) != 1:
                raise ClientError("buckets list needs one PROJECT id")
            return lp.buckets.list(_number(args.target[0], "PROJECT"))
        if args.action == "attach":
            return _attach(lp, args)
        if args.action == "get":
            return lp.buckets.get(_one(args))
        if args.action == "update":
            return _update(lp, args)
        if args.action == "sync":
            return _sync(lp, args, bar)
        return _detach(lp, args)


def add_parser(sub: Any, common: argparse.ArgumentParser, waits: Callable[[argparse.ArgumentParser], None],
               run: Callable[[argparse.Namespace], Any]) -> None:
    p = sub.add_parser("buckets", parents=[common], help="the project's own S3-compatible buckets",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("target", nargs="+", help="PROJECT (list), PROJECT NAME BUCKET (attach), else the BUCKET id")
    p.add_argument("--name", help="update: a new name")
    p.add_argument("--bucket", help="update: another bucket")
    p.add_argument("--new-credentials", action="store_true", help="update: the credentials from the environment")
    p.add_argument("--prefix", help="only keys under this prefix (attach, update)")
    p.add_argument("--region", help="the bucket's region (attach, update)")
    p.add_argument("--endpoint-url", help="an S3-compatible endpoint other than AWS (attach, update)")
    p.add_argument("--delete-assets", action="store_true",
                   help="detach: also delete the assets registered from the bucket (and their labels)")
    waits(p)
    p.set_defaults(run=run)
