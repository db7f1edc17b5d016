"""The results as Markdown: printed at the end of `make bench` and pasted into the README."""


def _ms(value: float) -> str:
    return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"


def _machine_line(results: dict) -> str:
    m = results["machine"]
    scales = ", ".join(f"{s:g}" for s in results["scales"])
    return (
        f"Run {m['date'][:10]} at commit {m['commit']} on {m['cores']} cores ({m['cpu']}), {m['ram_gb']} GB RAM, "
        f"PostgreSQL {m['postgresql']}, Python {m['python']}; scale data at {scales} (seed {results['seed']}), "
        f"{results['rounds']} requests per page over HTTP to gunicorn (2 sync workers, DEBUG off) on loopback, "
        "each after one to the bare view. Load average (1 min) at the start and the end: "
        f"{m.get('load_average_at_start', ['?'])[0]} and {m.get('load_average_at_end', ['?'])[0]}."
    )


def _smaller(row: dict) -> str:
    return _ms(row["smaller_scale"]["median_ms"]) if "smaller_scale" in row else ""


def pages_table(results: dict) -> list[str]:
    main, grown = results["by_scale"][str(results["main_scale"])], results["growth"]
    small = f"median at {min(results['scales']):g}"
    lines = [
        f"| page | queries | median | p95 | × bare | × admin | {small} | growth | size |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in (main["bare"], main["admin_changelist"]):
        lines.append(
            f"| {row['label']} | {row['queries']} | {_ms(row['median_ms'])} | {_ms(row['p95_ms'])} "
            f"| {row['ratio_to_bare']} | | {_smaller(row)} | {row.get('growth', '')} | {row['kb']} KB |"
        )
    for row in main["pages"]:
        status = "" if row["status"] == [200] else f" (HTTP {'/'.join(map(str, row['status']))})"
        lines.append(
            f"| {row['label'].strip()}{status} | {row['queries']} | {_ms(row['median_ms'])} "
            f"| {_ms(row['p95_ms'])} | {row['ratio_to_bare']} | {row['ratio_to_admin']} | {_smaller(row)} "
            f"| {grown.get(row['key'], '')} | {row['kb']} KB |"
        )
    return lines


def mail_lines(results: dict) -> list[str]:
    main = results["by_scale"][str(results["main_scale"])]
    mail, lines = main.get("mail"), []
    if mail:
        for row in mail["paste"]:
            lines.append(
                f"- Pasting {row['invitees']:,} invitees: HTTP {row['status']} in {_ms(row['ms'])}, "
                f"{row['saved']:,} of {row['invitees']:,} saved."
            )
        fan, base = mail["fan_out"], mail["smtplib_one_connection"]
        lines.append(
            f"- Fan-out of {fan['messages']:,} invitations through a Celery worker (concurrency 2, queues "
            f"{', '.join(main.get('worker_queues', []))}) to an SMTP server on loopback: {fan['received']:,} received "
            f"in {fan['seconds']} s, {fan['per_second']} a second; every message exactly once: "
            f"{'yes' if fan['exactly_once'] else 'NO'} ({fan['distinct_message_ids']:,} distinct Message-IDs). "
            f"A plain smtplib loop on one connection to the same server: {base['per_second']} a second. "
            f"Ratio {mail['fan_out_ratio']}."
        )
    memory = main["memory"]
    lines.append(f"- gunicorn worker RSS after the whole run: {', '.join(f'{mb} MB' for mb in memory['workers_mb'])}.")
    scores = (main.get("lighthouse") or {}).get("pages")
    if scores:
        listed = ", ".join(f"{label} {page['performance']}" for label, page in scores.items())
        lines.append(f"- Lighthouse mobile performance (median of {main['lighthouse']['runs']}): {listed}.")
    elif main.get("lighthouse"):
        lines.append(f"- Lighthouse: {main['lighthouse'].get('error')}.")
    return lines


def missed_lines(results: dict) -> list[str]:
    missed = [t for t in results["targets"] if t["met"] is False]
    if not missed:
        return ["Every target of issue 10 measured here holds."]
    lines = [f"Targets missed in this run ({len(missed)} of {len(results['targets'])}):", ""]
    lines += [f"- {t['target']}: {t['figure']} (target {t['limit']})" for t in missed]
    return lines


def _legend(results: dict) -> str:
    legend = (
        "× bare: the page's median over the bare view's (`/healthz/live`, no database) in the same run; "
        "× admin: over the Django admin changelist of the same sessions"
    )
    if len(results["scales"]) < 2:
        return legend + "; growth: not measured (one scale)."
    return legend + (
        f"; growth: the median at scale {results['main_scale']:g} over the same page's at scale "
        f"{min(results['scales']):g}, served beside it and timed in the same rounds."
    )


def markdown(results: dict) -> str:
    blocks = [
        [_machine_line(results)],
        pages_table(results),
        [_legend(results)],
        mail_lines(results),
        missed_lines(results),
    ]
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"
