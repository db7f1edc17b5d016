import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from heatportal.modules import optional_app_module
from heatportal.scale import ScaleContext, row_counts, truncate

# Order matters, as for the demo: the reference data and the register first, then the people with
# their roles, sessions (with their outbox rows) and labs on top of both, progress last; the
# outbox's own part tops the outbox up to its figure after every app queued its mails.
SCALE_APPS = ["municipalities", "accounts", "sessions", "labs", "progress", "heatportal.mail"]


class Command(BaseCommand):
    help = (
        "Build the national data set of issue 10 (at --scale 1.0: 5,000 sessions 2019..2027, 100,000 "
        "invitations, 200,000 outbox rows, 200 labs, progress with history for every municipality), "
        "the same for the same --seed. Refuses a database that holds portal data unless --flush."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Share of the national figures, 0.001 to 1.")
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, scale and date: the same data.")
        parser.add_argument(
            "--flush",
            action="store_true",
            help="First empty the portal's tables (sessions, labs, progress, outbox, register, the scale "
            "logins); the CBS reference data and other accounts stay.",
        )
        parser.add_argument(
            "--no-vacuum", action="store_true", help="Skip VACUUM (ANALYZE) afterwards (autovacuum is off here)."
        )

    def handle(self, *args, scale, seed, flush, no_vacuum, **options):
        if not 0.001 <= scale <= 1:
            # Below 0.001 the named sessions would hold more invitations than the whole figure.
            raise CommandError("--scale must be between 0.001 and 1.")
        parts = [(app, module) for app in SCALE_APPS if (module := optional_app_module(app, "scale"))]
        started = time.perf_counter()
        ctx = ScaleContext(scale=scale, seed=seed, today=timezone.localdate())
        with transaction.atomic():
            self._clear(parts, flush=flush)
            for app, module in parts:
                part_started = time.perf_counter()
                before = dict(ctx.counts)
                module.build(ctx)
                made = {k: n - before.get(k, 0) for k, n in ctx.counts.items() if n != before.get(k, 0)}
                self._line(f"{app}: {_figures(made)} ({time.perf_counter() - part_started:.1f} s)")
        built = time.perf_counter() - started
        vacuumed = 0.0 if no_vacuum or connection.in_atomic_block else self._vacuum()
        self._summary(ctx, built=built, vacuumed=vacuumed)

    def _clear(self, parts, *, flush: bool) -> None:
        """Each part names the tables it fills (flush_models) and may clean more after they are
        emptied (flush: the scale logins, say); occupied() says what of its own is there."""
        if flush:
            tables = truncate([model for _, module in parts for model in module.flush_models()])
            self._line(f"flushed {len(tables)} tables: {', '.join(tables)}")
            for app, module in reversed(parts):
                if done := (module.flush() if hasattr(module, "flush") else ""):
                    self._line(f"flushed {app}: {done}")
            return
        occupied = {}
        for _, module in parts:
            occupied |= module.occupied() if hasattr(module, "occupied") else row_counts(module.flush_models())
        if occupied:
            raise CommandError(
                f"The database already holds portal data ({_figures(occupied)}). Run with --flush to empty "
                "the portal's tables first (the CBS reference data and other accounts stay)."
            )

    def _vacuum(self) -> float:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        return time.perf_counter() - started

    def _summary(self, ctx: ScaleContext, *, built: float, vacuumed: float) -> None:
        self._line(f"Scale {ctx.scale:g}, seed {ctx.seed}, today {ctx.today:%Y-%m-%d}: {_figures(ctx.counts)}.")
        for note in ctx.notes:
            self._line(f"  {note}")
        password = ctx.share.get("password", "")
        self._line(f"Logins (password {password}):")
        for who, email in ctx.logins:
            self._line(f"  {who}: {email}")
        timing = f"Built in {built:.1f} s" + (f", VACUUM (ANALYZE) {vacuumed:.1f} s" if vacuumed else "")
        self.stdout.write(self.style.SUCCESS(timing + "."))

    def _line(self, text: str) -> None:
        self.stdout.write(text)


def _figures(counts: dict[str, int]) -> str:
    return ", ".join(f"{n:,} {label}".replace(",", ".") for label, n in counts.items())
