"""Who is asking: anonymous (a low rate per address), or a key from the desk (`Authorization: Bearer
nr_…`) with its scope and rate. Rates are counted per minute in the shared cache (Redis in production),
so every app server counts the same; over the rate, a 429 with Retry-After."""

import hmac
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db.models import Q
from django.utils import timezone
from ninja.security import HttpBearer

from ..core.pagecache import CACHE_ALIAS
from ..models import ApiKey
from .problems import Problem

WINDOW = 60  # seconds a rate is counted over
LAST_USED_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often per key


@dataclass(frozen=True)
class Caller:
    key: ApiKey | None = None

    @property
    def previews(self):
        """Sees drafts and scheduled articles, as the desk does."""
        return self.key is not None and self.key.scope == ApiKey.Scope.PREVIEW


class Callers(HttpBearer):
    """The API's one authentication: never refuses the anonymous, refuses a bad or revoked key."""

    openapi_description = "An API key made on the desk; without one, public content at a low rate."

    def __call__(self, request):
        if (checked := getattr(request, "api_caller", None)) is not None:
            return checked  # KeyedReadsMiddleware has checked and counted the key already
        header = request.headers.get("Authorization", "")
        if not header:
            _count(f"anonymous:{client_address(request)}", settings.API_ANONYMOUS_RATE)
            return Caller()
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Problem(401, "Unauthorized", "give the key as 'Authorization: Bearer <key>'")
        return self.authenticate(request, token.strip())

    def authenticate(self, request, token):
        prefix = token.split("_")[1] if token.count("_") >= 2 else ""
        key = ApiKey.objects.filter(prefix=prefix, revoked_at=None).first() if prefix else None
        if key is None or not hmac.compare_digest(key.digest, ApiKey.digest_of(token)):
            raise Problem(401, "Unauthorized", "this key is not one of ours, or it has been revoked")
        _count(f"key:{key.pk}", key.rate)
        now = timezone.now()
        ApiKey.objects.filter(pk=key.pk).filter(
            Q(last_used_at=None) | Q(last_used_at__lt=now - LAST_USED_EVERY)
        ).update(last_used_at=now)
        return Caller(key)


def client_address(request):
    """The caller's address. Behind TRUSTED_PROXY_COUNT proxies (a load balancer, a CDN) the connection
    is theirs: the address is the one the outermost trusted proxy saw, counted from the right of
    X-Forwarded-For (what a caller writes to its left is not believed)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _count(who, rate):
    """One more request of `who` in this minute's window; a 429 once it passes `rate`."""
    cache = caches[CACHE_ALIAS]
    window = int(time.time() // WINDOW)
    name = f"api-rate:{who}:{window}"
    cache.add(name, 0, WINDOW * 2)
    try:
        used = cache.incr(name)
    except ValueError:  # evicted between add and incr: count it as the first
        cache.set(name, 1, WINDOW * 2)
        used = 1
    if used > rate:
        wait = int(WINDOW - time.time() % WINDOW) + 1
        raise Problem(
            429,
            "Too Many Requests",
            f"over {rate} requests a minute; try again in {wait} s",
            retry_after=wait,
        )
