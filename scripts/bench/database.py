"""The benchmark's databases: one built per scale and seed, kept as a template, copied per run.

Building the national data set takes minutes; copying a template takes seconds. The template's
comment holds a key over the scale, the seed and every file the build depends on (migrations,
reference data, the generator), so a changed migration or generator builds it again and
anything else reuses it. Each run measures a fresh copy: what the run writes (pasted invitees,
sent invitations) never reaches the next run.
"""

import hashlib
import subprocess
import sys
import time

import psycopg
from psycopg import sql

from scripts.bench.config import BUILD_INPUTS, POSTGRES_SERVER, ROOT, database_name, database_url


def _server():
    return psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True)


def build_key(scale: float, seed: int) -> str:
    digest = hashlib.sha256(f"scale={scale} seed={seed}".encode())
    files = {path for pattern in BUILD_INPUTS for path in ROOT.glob(pattern) if path.is_file()}
    for path in sorted(p for p in files if ".venv" not in p.parts and "node_modules" not in p.parts):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def _stored_key(name: str) -> str | None:
    with _server() as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    return row[0] if row else None


def _recreate(name: str, *, template: str | None = None) -> None:
    with _server() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        conn.execute(create)


def manage(env: dict[str, str], *args: str, quiet: bool = True) -> None:
    out = subprocess.DEVNULL if quiet else None
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=out)  # noqa: S603


def _build(name: str, *, scale: float, seed: int, env: dict[str, str]) -> float:
    start = time.monotonic()
    _recreate(name)
    env = {**env, "DATABASE_URL": database_url(name)}
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_reference_data")
    manage(env, "generate_scale_data", "--scale", str(scale), "--seed", str(seed), "--no-vacuum", quiet=False)
    # The shared PostgreSQL runs without autovacuum: without fresh statistics the planner guesses.
    with psycopg.connect(database_url(name), autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
    return time.monotonic() - start


def prepare(scale: float, *, seed: int, env: dict[str, str], rebuild: bool) -> dict:
    """A fresh copy of the built database for SCALE; builds the template first when needed.
    Returns the run database's name and what the build cost (0 when the cache was used)."""
    template, run = database_name(scale, template=True), database_name(scale)
    key = build_key(scale, seed)
    built_seconds = 0.0
    if rebuild or _stored_key(template) != key:
        print(f"bench: building the scale {scale} data set (seed {seed}) into {template}", flush=True)
        built_seconds = _build(template, scale=scale, seed=seed, env=env)
        with _server() as conn:
            conn.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(template), sql.Literal(key)))
    start = time.monotonic()
    _recreate(run, template=template)
    return {
        "database": run,
        "build_key": key,
        "build_seconds": round(built_seconds, 1),
        "copy_seconds": round(time.monotonic() - start, 1),
    }


def drop(name: str) -> None:
    with _server() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def postgres_version() -> str:
    with _server() as conn:
        return conn.execute("SHOW server_version").fetchone()[0]
