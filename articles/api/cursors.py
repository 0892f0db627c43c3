"""Keyset cursors, opaque and signed: a position in an ordering (a time and an id), never an offset,
so that paging stays right while news is published; a cursor that was not ours is refused."""

from datetime import datetime

from django.core import signing

from .problems import Problem


def encode(kind, moment, pk, *, score=None):
    """A cursor after (`moment`, `pk`) in `kind`'s ordering; `moment` may be None where only ids order,
    and a ranked ordering puts its whole-number `score` first."""
    position = [moment.isoformat() if moment else None, pk]
    if score is not None:
        position.append(score)
    return signing.dumps(position, salt=f"api-cursor:{kind}", compress=True)


def decode(kind, cursor, parameter, *, scored=False):
    """(moment, pk), or (score, moment, pk) when `scored`, of a cursor made by encode(kind, …);
    a 400 naming `parameter` otherwise."""
    try:
        moment, pk, *score = signing.loads(cursor, salt=f"api-cursor:{kind}")
        position = (datetime.fromisoformat(moment) if moment else None), int(pk)
        return (int(*score), *position) if scored else position
    except (signing.BadSignature, ValueError, TypeError):
        raise Problem(
            400, "Bad Request", f"'{parameter}' is not a cursor this API gave: follow 'next' as given"
        ) from None
