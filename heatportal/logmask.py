"""Log lines without secrets: tokens in URL paths are masked and query strings dropped.

Answer links, Leer Lab offers, calendar feeds and password-reset links carry their secret in the
path itself, so an access log that prints paths hands out working links to whoever reads it. The
token routes are read from the URLconf (every parameter named in TOKEN_PARAMETERS), so a new
token URL is masked without touching this file; a length heuristic catches what the URLconf
cannot see (a log line written before Django is set up, another host's URL in a referrer).

Query strings go too: searches (?q=) carry names and addresses, and a `next=` can carry a link.
"""

import logging
import re
from functools import lru_cache

MASK = "[verborgen]"
TOKEN_PARAMETERS = ("token", "uidb64")
# Path characters up to the end of a segment, a query, a quote or whitespace (log line context).
_SEGMENT = r"[^/\s?#\"'<>]+"
_QUERY = re.compile(r"(?P<path>/[^\s?#\"'<>]*)\?[^\s#\"'<>]*")
# A segment of 24+ characters with letters and digits is a token whatever route it is on.
_LONG_TOKEN = re.compile(r"(?<=/)(?=[A-Za-z0-9_:%-]*\d)(?=[A-Za-z0-9_:%-]*[A-Za-z])[A-Za-z0-9_:%-]{24,}")


def _route_regexes(patterns, prefix: str = "") -> list[str]:
    from django.urls import URLPattern, URLResolver

    found = []
    for entry in patterns:
        regex = entry.pattern.regex.pattern.removeprefix("^")
        if isinstance(entry, URLResolver):
            found += _route_regexes(entry.url_patterns, prefix + regex)
        elif isinstance(entry, URLPattern):
            full = (prefix + regex).removesuffix(r"\Z").removesuffix("$")
            if any(f"(?P<{name}>" in full for name in TOKEN_PARAMETERS):
                found.append(full)
    return found


@lru_cache(maxsize=1)
def token_routes() -> tuple[re.Pattern, ...]:
    """One regex per token URL of the project, to find it inside a log line."""
    try:
        from django.urls import get_resolver

        regexes = _route_regexes(get_resolver().url_patterns)
    except Exception:  # noqa: BLE001 (Django not set up: the heuristic still applies)
        token_routes.cache_clear()
        return ()
    compiled = []
    for regex in regexes:
        # Converters' classes ([^/]+, .+) would run on past a space in a log line; keep them in it.
        regex = regex.replace("[^/]+", _SEGMENT).replace(".+", _SEGMENT)
        compiled.append(re.compile("/" + regex + r"(?=[\s?#\"'<>]|$)"))
    return tuple(compiled)


def _mask_match(match: re.Match) -> str:
    text, start = match.group(0), match.start()
    spans = [match.span(name) for name in TOKEN_PARAMETERS if name in match.re.groupindex]
    # From the last span back, so replacing one does not move the ones still to do.
    for a, b in sorted((span for span in spans if span[0] >= 0), reverse=True):
        text = text[: a - start] + MASK + text[b - start :]
    return text


def mask(text: str) -> str:
    """TEXT with every token path segment masked and every query string dropped."""
    if not text or "/" not in text:
        return text
    text = _QUERY.sub(lambda m: m.group("path") + "?" + MASK, text)
    for route in token_routes():
        text = route.sub(_mask_match, text)
    return _LONG_TOKEN.sub(MASK, text)


class TokenMaskFilter(logging.Filter):
    """A handler filter (settings.LOGGING): every record it passes has tokens and queries masked.

    On a handler rather than a logger, so records propagated from child loggers are masked too.
    A refusal (403) keeps its one line but loses the traceback Django attaches: refusing is the
    permission check doing its job, and a stack per refusal buries the errors that matter.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "django.request" and getattr(record, "status_code", None) == 403:
            record.exc_info, record.exc_text = None, None
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 (a bad format string is logging's problem to report)
            return True
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is a production dependency; development runs without it
    _GunicornLogger = None

if _GunicornLogger is not None:

    class GunicornLogger(_GunicornLogger):
        """gunicorn's access log with every atom masked: request line, path, query, referrer,
        headers and environment (deploy/gunicorn.conf.py sets logger_class to this)."""

        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            atoms["q"] = MASK if atoms.get("q") else ""
            return {key: mask(value) if isinstance(value, str) else value for key, value in atoms.items()}
