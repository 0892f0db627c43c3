"""Keyset cursors, opaque and signed: a position in an ordering (a time and an id), never an offset,
so that paging stays right while news is published; a cursor that was not ours is refused."""

from datetime import datetime

from django.core import signing

from .problems import Problem


def encode(kind, moment, pk):
    """A cursor after (`moment`, `pk`) in `kind`'s ordering; `moment` may be None where only ids order."""
    return signing.dumps(
        [moment.isoformat() if moment else None, pk], salt=f"api-cursor:{kind}", compress=True
    )


def decode(kind, cursor, parameter):
    """(moment, pk) of a cursor made by encode(kind, …); a 400 naming `parameter` otherwise."""
    try:
        moment, pk = signing.loads(cursor, salt=f"api-cursor:{kind}")
        return (datetime.fromisoformat(moment) if moment else None), int(pk)
    except (signing.BadSignature, ValueError, TypeError):
        raise Problem(
            400, "Bad Request", f"'{parameter}' is not a cursor this API gave: follow 'next' as given"
        ) from None
