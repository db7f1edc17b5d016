"""Reading settings from the environment strictly: a malformed value stops the start with
ImproperlyConfigured, naming the variable, instead of meaning something else later."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()


def env_secret(name: str, default: str | None = None) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    path = env.str(f"{name}_FILE", default="")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc}") from exc
    return env.str(name, default=default)


TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A strict boolean: a typo such as DEBUG=flase stops the start instead of meaning False."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw not in TRUE_VALUES | FALSE_VALUES:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")
    return raw in TRUE_VALUES


def env_int(name: str, default: int) -> int:
    raw = env.str(name, default=str(default)).strip()
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
