"""Django's Redis cache backend, keeping its redis.Redis clients instead of building one per call.

Django's RedisCacheClient.get_client() makes a new redis.Redis(connection_pool=pool) for every cache
call; with redis-py 8 that costs about a quarter of a millisecond (its response-callback table is
rebuilt each time), more than the round trip to Redis itself, and the page cache makes one such call
per hit. A client is safe to share between threads (connections come from the pool per command), so
one is kept per pool. Everything else is Django's backend, unchanged.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientsRedisCacheClient
