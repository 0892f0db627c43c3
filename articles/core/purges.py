"""Telling the CDN (or the Varnish) in front what changed: the tags the page cache retired, purged
there too, from a background task after the commit, in batches, tried again when the CDN fails.

PAGE_CACHE_PURGE chooses how, none by default:
- "varnish": a PURGE request to PAGE_CACHE_PURGE_URL carrying the tags in an xkey-purge header, which
  deploy/varnish/newsroom.vcl hands to the xkey vmod;
- "fastly": the batch surrogate-key purge, POST {base}/service/{PAGE_CACHE_PURGE_SERVICE}/purge with the
  keys in a Surrogate-Key header and the API token in Fastly-Key (base: PAGE_CACHE_PURGE_URL, by
  default Fastly's API);
- "cloudflare": POST {base}/zones/{PAGE_CACHE_PURGE_SERVICE}/purge_cache with {"tags": [...]} and the
  token as a bearer (base: PAGE_CACHE_PURGE_URL, by default Cloudflare's API v4).
Every answer carries SITE as well as its own tags, so "everything" is one more tag, purged the same way.
"""

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings

from .background import retried

logger = logging.getLogger(__name__)

SITE = "site"  # on every answer the CDN keeps: purged when the page cache retires everything
TIMEOUT = 10
BATCH = {"varnish": 200, "fastly": 256, "cloudflare": 30}  # tags per request: each API's own limit
DEFAULT_BASE = {"fastly": "https://api.fastly.com", "cloudflare": "https://api.cloudflare.com/client/v4"}


class PurgeFailed(Exception):
    pass


def enabled():
    return bool(settings.PAGE_CACHE_PURGE)


def later(tags):
    """Queue the purge of `tags` (called once a change has committed)."""
    if enabled() and tags:
        purge_tags.enqueue(sorted(tags))


@retried
def purge_tags(tags):
    """Purge `tags` at the CDN, a batch per request; raises (and is tried again) when one fails."""
    backend = settings.PAGE_CACHE_PURGE
    size = BATCH[backend]
    for start in range(0, len(tags), size):
        batch = tags[start : start + size]
        status = _send(_request(backend, batch))
        logger.info("purged %d tags at %s (%s): %s", len(batch), backend, status, " ".join(batch[:10]))
    return f"{len(tags)} tags purged"


def _request(backend, tags):
    base = (settings.PAGE_CACHE_PURGE_URL or DEFAULT_BASE.get(backend, "")).rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise PurgeFailed(f"PAGE_CACHE_PURGE_URL must be an http(s) address, not {base!r}")
    service, token = settings.PAGE_CACHE_PURGE_SERVICE, settings.PAGE_CACHE_PURGE_TOKEN
    # The addresses below are http(s): checked above.
    if backend == "varnish":
        return urllib.request.Request(base + "/", method="PURGE", headers={"xkey-purge": " ".join(tags)})  # noqa: S310
    if backend == "fastly":
        headers = {"Fastly-Key": token, "Surrogate-Key": " ".join(tags), "Accept": "application/json"}
        return urllib.request.Request(f"{base}/service/{service}/purge", method="POST", headers=headers)  # noqa: S310
    return urllib.request.Request(  # noqa: S310
        f"{base}/zones/{service}/purge_cache",
        method="POST",
        data=json.dumps({"tags": tags}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )


def _send(request):
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (http(s) only)
            return response.status
    except urllib.error.HTTPError as error:
        raise PurgeFailed(f"{request.full_url} answered {error.code}: {error.read()[:200]!r}") from None
    except OSError as error:
        raise PurgeFailed(f"{request.full_url} could not be reached: {error}") from None
