"""What a `make bench` run measures with, read once from the environment.

BENCH_SCALES   one or two data scales, each built into its own database ("0.1 1.0"). With two, the
               smaller one is served beside the larger and every page is timed on both in the same
               rounds: the growth ratio. BENCH_SCALE alone (default 1.0) means "0.1 BENCH_SCALE".
BENCH_SEED     the seed of generate_scale_data (default 2026, the command's own).
BENCH_ROUNDS   requests per page, each interleaved with one to the bare view (default 30, at least 30).
BENCH_REBUILD  1: build the databases again even when the cached one matches.
BENCH_LIGHTHOUSE_RUNS  Lighthouse runs per page (default 3; 0 skips Lighthouse).
"""

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS_DIR = ROOT / "bench"
WORK_DIR = ROOT / "var" / "bench"
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
# Redis database 9 belongs to the benchmark: broker, results-free Celery and the rate-limit cache.
REDIS_URL = "redis://127.0.0.1:6379/9"
DB_PREFIX = "heatportal_bench"
# What the built database depends on: a change to any of these files builds it again.
BUILD_INPUTS = (
    "*/migrations/*.py",
    "municipalities/data/**/*",
    "*/scale.py",
    "*/scale_*.py",
    "*/scale/**/*.py",
    "heatportal/management/commands/generate_scale_data.py",
)


@dataclass(frozen=True)
class Settings:
    scales: tuple[float, ...]
    seed: int
    rounds: int
    rebuild: bool
    lighthouse_runs: int

    @property
    def main_scale(self) -> float:
        return max(self.scales)


def _scales() -> tuple[float, ...]:
    listed = os.environ.get("BENCH_SCALES", "").split()
    if not listed:
        main = os.environ.get("BENCH_SCALE", "1.0")
        listed = ["0.1", main] if float(main) > 0.1 else [main]
    scales = sorted({float(value) for value in listed})
    if any(not 0 < scale <= 1 for scale in scales) or len(scales) > 2:
        raise SystemExit(f"BENCH_SCALES: one or two scales in (0, 1], got {listed}")
    return tuple(scales)


def read_settings() -> Settings:
    rounds = int(os.environ.get("BENCH_ROUNDS", "30"))
    if rounds < 30:
        raise SystemExit("BENCH_ROUNDS: at least 30 requests per page (the issue's minimum)")
    return Settings(
        scales=_scales(),
        seed=int(os.environ.get("BENCH_SEED", "2026")),
        rounds=rounds,
        rebuild=os.environ.get("BENCH_REBUILD", "") in ("1", "true", "yes"),
        lighthouse_runs=int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "3")),
    )


def database_name(scale: float, *, template: bool = False) -> str:
    """heatportal_bench_s1000 for scale 1.0; the built (cached) copy ends in _tpl."""
    return f"{DB_PREFIX}_s{round(scale * 1000):04d}" + ("_tpl" if template else "")


def database_url(name: str) -> str:
    return f"{POSTGRES_SERVER}/{name}"
