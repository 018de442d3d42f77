"""A fresh scratch PostgreSQL database next to the one DATABASE_URL names, for benchmarks."""

import os

import psycopg

BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def database_url(name: str) -> str:
    return BASE_URL.rsplit("/", 1)[0] + "/" + name


def scratch_database(name: str) -> str:
    """Drop and create `name`; returns its URL."""
    with psycopg.connect(BASE_URL.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return database_url(name)
