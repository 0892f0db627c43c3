"""Where a webhook may go, and the one request that goes there.

Only https (and http where WEBHOOK_ALLOW_HTTP is set, for development), and only to public
addresses: never loopback, private, link-local or otherwise reserved ones, unless
WEBHOOK_ALLOW_PRIVATE is set. A name is checked each time it is resolved (when the desk saves it and
at every attempt), and the request goes to the very address that was checked, so a DNS answer that
changes in between cannot send it inside. Redirects are never followed: a 3xx is a failed attempt.
"""

import http.client
import ipaddress
import socket
import time
from urllib.parse import urlsplit

from django.conf import settings

RESPONSE_KEPT = 1000  # characters of an answer kept in the log


class Refused(Exception):
    """The address may not be posted to; the message says why, for an editor."""


def resolve(host, port):
    """The IP addresses `host` resolves to (a seam the tests replace to play a changing DNS)."""
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def checked(url):
    """(scheme, host, port, path, the IP address to connect to) for `url`, or Refused."""
    parts = urlsplit(url)
    allowed = ("https", "http") if settings.WEBHOOK_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed:
        raise Refused("Webhooks go only to https:// addresses.")
    if not parts.hostname:
        raise Refused("The address has no host name.")
    if parts.username or parts.password:
        raise Refused("Put no user name or password in the address: messages are signed instead.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Refused("The address's port is not a number from 1 to 65535.") from None
    try:
        found = [str(ipaddress.ip_address(parts.hostname))]  # an address written as such
    except ValueError:
        found = None
    try:
        found = found or resolve(parts.hostname, port)
    except (OSError, UnicodeError):
        raise Refused(f"“{parts.hostname}” could not be found (DNS gave no address).") from None
    addresses = [ipaddress.ip_address(address.split("%")[0]) for address in found]
    if not addresses:
        raise Refused(f"“{parts.hostname}” could not be found (DNS gave no address).")
    if not settings.WEBHOOK_ALLOW_PRIVATE:
        inside = [address for address in addresses if not _public(address)]
        if inside:
            raise Refused(
                f"“{parts.hostname}” resolves to {inside[0]}, a private, loopback or reserved address: "
                "webhooks go only to the public internet."
            )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path, str(addresses[0])


def post(url, body, headers, timeout):
    """POST `body` to `url` at its checked address: (status, the start of the answer, milliseconds).
    Raises Refused, or OSError / http.client.HTTPException when the request fails on the way."""
    scheme, host, port, path, address = checked(url)
    kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    connection = kind(host, port, timeout=timeout)
    # http.client connects to the name it is given; it is given the checked address instead, while the
    # Host header and TLS's server name (and certificate check) stay the name's.
    connection._create_connection = lambda where, *args, **kwargs: socket.create_connection(
        (address, where[1]), *args, **kwargs
    )
    started = time.monotonic()
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={**headers, "Content-Type": "application/json", "User-Agent": "Newsroom-Webhooks/1"},
        )
        response = connection.getresponse()
        answer = response.read(RESPONSE_KEPT * 4).decode("utf-8", "replace")[:RESPONSE_KEPT]
        return response.status, answer, round((time.monotonic() - started) * 1000)
    finally:
        connection.close()


def _public(address):
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast
