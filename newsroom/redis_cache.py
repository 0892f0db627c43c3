"""Django's Redis cache backend, keeping its redis.Redis clients instead of building one per call.

Django's RedisCacheClient.get_client() makes a new redis.Redis(connection_pool=pool) for every cache
call; with redis-py 8 that costs about a quarter of a millisecond (its response-callback table is
rebuilt each time), more than the round trip to Redis itself, and the page cache makes one such call
per hit. A client is safe to share between threads (connections come from the pool per command), so
one is kept per pool.

And while Redis cannot be reached, the cache fails open: every read is a miss and every write is
dropped (logged), so the site keeps serving from the database instead of answering 500 everywhere;
/healthz reports the cache as unreachable meanwhile. A page cached before the outage can outlive a
content change made during it only by its own lifetime (PAGE_CACHE_TIMEOUT). Everything else is
Django's backend, unchanged.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class KeptClientsRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


def _fails_open(method, answer):
    """`method`, answering as a miss (`answer(args, kwargs)`) while Redis cannot be reached."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            logger.warning("Cache unreachable, %s answered as a miss: %s", method.__name__, error)
            return answer(args, kwargs)

    return call


def _default(args, kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class FailOpenRedisCacheClient(KeptClientsRedisCacheClient):
    get = _fails_open(RedisCacheClient.get, _default)
    get_many = _fails_open(RedisCacheClient.get_many, lambda args, kwargs: {})
    has_key = _fails_open(RedisCacheClient.has_key, lambda args, kwargs: False)
    add = _fails_open(RedisCacheClient.add, lambda args, kwargs: False)
    set = _fails_open(RedisCacheClient.set, lambda args, kwargs: None)
    set_many = _fails_open(RedisCacheClient.set_many, lambda args, kwargs: [])
    touch = _fails_open(RedisCacheClient.touch, lambda args, kwargs: False)
    delete = _fails_open(RedisCacheClient.delete, lambda args, kwargs: False)
    delete_many = _fails_open(RedisCacheClient.delete_many, lambda args, kwargs: None)


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailOpenRedisCacheClient
