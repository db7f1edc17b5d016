"""Open data: the progress of every municipality as CSV and JSON, its JSON Schema and the page
describing them. Public (no login); cached for an hour, and renewed sooner when progress changes
(the cache key holds the latest change)."""

import hashlib
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from municipalities.models import Municipality
from progress import open_data
from progress.selectors.open_data import open_data_rows

MAX_AGE = 3600
SOURCE = "Warmteportaal"  # the product name, as the emails and pages say it
TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _stamp():
    """The latest change to what the files hold (1 query): part of the cache key and the
    Last-Modified header. A deleted wijk or initiative waits for the hour to pass."""
    # Max is unchanged by the joins' repeated rows; a few hundred rows per municipality at most.
    latest = Municipality.objects.aggregate(
        p=Max("progress__updated_at"),
        n=Max("neighbourhoods__updated_at"),
        i=Max("initiatives__updated_at"),
        d=Max("deadlines__updated_at"),
    )
    return max((v for v in latest.values() if v is not None), default=None)


def _body(request, fmt: str, stamp) -> bytes:
    key = f"open-data:{fmt}:{stamp.isoformat() if stamp else '-'}:{timezone.localdate().isoformat()}"
    body = cache.get(key)
    if body is None:
        rows = open_data_rows()
        if fmt == "csv":
            body = open_data.to_csv(rows)
        else:
            metadata = {
                "licence": open_data.LICENCE,
                "licence_url": open_data.LICENCE_URL,
                "source": f"{SOURCE} ({request.build_absolute_uri(reverse('open_data:index'))})",
                "generated_at": timezone.now().isoformat(timespec="seconds"),
                "schema": request.build_absolute_uri(reverse("open_data:schema")),
            }
            body = open_data.to_json(rows, metadata)
        cache.set(key, body, MAX_AGE)
    return body


def _file(request, fmt: str):
    stamp = _stamp()
    body = _body(request, fmt, stamp)
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=TYPES[fmt])
    response["ETag"] = etag
    if stamp:
        response["Last-Modified"] = http_date(stamp.timestamp())
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def progress_csv(request):
    return _file(request, "csv")


@require_GET
def progress_json(request):
    return _file(request, "json")


@require_GET
def progress_schema(request):
    schema = open_data.json_schema(schema_url=request.build_absolute_uri(request.path))
    response = HttpResponse(json.dumps(schema, ensure_ascii=False, indent=1), content_type="application/schema+json")
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


@require_GET
def index(request):
    either = " " + pgettext("between two JSON types: string of null", "of") + " "
    fields = [
        {"name": name, "type": kind if isinstance(kind, str) else either.join(kind), "meaning": meaning,
         "values": ", ".join(values) if isinstance(values, list) else values}
        for name, (kind, meaning, values) in open_data.FIELD_DOCS.items()
    ]  # fmt: skip
    example = {name: open_data.EXAMPLE.get(name) for name in open_data.FIELD_DOCS}
    return render(
        request,
        "progress/open_data.html",
        {
            "fields": fields,
            "licence": open_data.LICENCE,
            "licence_url": open_data.LICENCE_URL,
            "site_name": urlsplit(settings.SITE_URL).netloc,
            "example": json.dumps(example, ensure_ascii=False, indent=2),
            "max_age_minutes": MAX_AGE // 60,
        },
    )
