# Varnish in front of Newsroom (Varnish 7 with varnish-modules' xkey). Readers' pages are kept as long
# as the site's s-maxage says (a day with PAGE_CACHE_PURGE=varnish) and purged by tag the moment the
# desk changes what they show: the site sends each page's tags in an `xkey` header and, after every
# change, a PURGE request carrying the retired tags in `xkey-purge` (articles/core/purges.py).
#
# Use as it is: point the backend at the app servers and PAGE_CACHE_PURGE_URL at this Varnish, and
# list the addresses the app servers purge from in `purgers`.
vcl 4.1;

import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Say which tags in an xkey-purge header"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The desk, previews, signed-in users and API keys are never kept here (the site marks them
    # private too); any other cookie a reader carries does not change a public page.
    if (req.url ~ "^/(admin|preview)/" || req.http.Authorization || req.http.Cookie ~ "sessionid=") {
        return (pass);
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # After its lifetime, a page may still be served for a moment while a fresh one is fetched.
    set beresp.grace = 30s;
}

sub vcl_deliver {
    # The tags are for this cache, not for browsers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
