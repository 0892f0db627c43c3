"""Standard Webhooks signing: a `whsec_` secret (base64 of random bytes) and, on every request,
`webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` then base64 of the
HMAC-SHA256 of `id.timestamp.body` under the secret's bytes). Receivers verify with any of the
specification's libraries; the tests use its Python one."""

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret():
    return PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def headers(secret, message_id, timestamp, body):
    """The headers that sign `body` (bytes) as message `message_id` sent at `timestamp`."""
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = b".".join([message_id.encode(), str(timestamp).encode(), body])
    signature = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": f"v1,{signature}",
    }
