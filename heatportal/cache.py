"""A Redis cache that degrades instead of failing when Redis is unreachable.

The cache only holds rate-limit counters (sessions and login lockouts live in PostgreSQL), so
losing it for a while costs some rate limiting, never a page: a read answers as a miss, a write
is dropped and `incr` answers None, which django-ratelimit treats as "no count" and, with
RATELIMIT_FAIL_OPEN, lets the request through. After a failure the cache stays "down" for a few
seconds without touching the network, so a Redis that drops packets (where every call would
wait for the socket timeout) costs one timeout per process per window, not one per call.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)

# Shared by every thread's cache object for the same servers: the outage is the server's.
_down_until: dict[str, float] = {}


class ResilientRedisCache(RedisCache):
    """RedisCache whose operations answer as for a missing key while Redis is down.

    OPTIONS: RETRY_AFTER (seconds to leave Redis alone after a failure, default 5) besides the
    redis-py pool options (socket_connect_timeout, socket_timeout).
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self._retry_after = float(options.pop("RETRY_AFTER", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self._outage_key = ",".join(self._servers)

    def _degrade(self, operation, fallback, call):
        if time.monotonic() < _down_until.get(self._outage_key, 0.0):
            return fallback
        try:
            return call()
        except UNAVAILABLE as exc:
            _down_until[self._outage_key] = time.monotonic() + self._retry_after
            log.warning(
                "cache: Redis unavailable during %s (%s); rate limits are not counted for the next %.0f s",
                operation,
                type(exc).__name__,
                self._retry_after,
            )
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degrade("add", False, lambda: super(ResilientRedisCache, self).add(key, value, timeout, version))

    def get(self, key, default=None, version=None):
        return self._degrade("get", default, lambda: super(ResilientRedisCache, self).get(key, default, version))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degrade("set", None, lambda: super(ResilientRedisCache, self).set(key, value, timeout, version))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degrade("touch", False, lambda: super(ResilientRedisCache, self).touch(key, timeout, version))

    def delete(self, key, version=None):
        return self._degrade("delete", False, lambda: super(ResilientRedisCache, self).delete(key, version))

    def get_many(self, keys, version=None):
        return self._degrade("get_many", {}, lambda: super(ResilientRedisCache, self).get_many(keys, version))

    def has_key(self, key, version=None):
        return self._degrade("has_key", False, lambda: super(ResilientRedisCache, self).has_key(key, version))

    def incr(self, key, delta=1, version=None):
        # None, not an exception: django-ratelimit reads it as "count unknown" (RATELIMIT_FAIL_OPEN).
        return self._degrade("incr", None, lambda: super(ResilientRedisCache, self).incr(key, delta, version))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degrade(
            "set_many", list(data), lambda: super(ResilientRedisCache, self).set_many(data, timeout, version)
        )

    def delete_many(self, keys, version=None):
        return self._degrade("delete_many", None, lambda: super(ResilientRedisCache, self).delete_many(keys, version))

    def clear(self):
        return self._degrade("clear", False, lambda: super(ResilientRedisCache, self).clear())
