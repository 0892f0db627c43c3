"""Webhooks: partners told of every change readers can see, signed the Standard Webhooks way.

The change events of the outbox (models/changes.py) are told here once their moment has come and
their transaction committed: each becomes one message (its JSON fixed once, the API's article shape)
and one delivery per endpoint that asked for that event. Deliveries go out from the task queue, at
least once, on our own schedule (the tasks backend has no retries), only to public addresses.

    events.py     change events -> messages and deliveries (`tell`), and the bodies
    delivery.py   one delivery's attempts, its schedule, pausing an endpoint, Send again
    signing.py    the secret and the three headers
    addresses.py  which addresses may be posted to, checked when resolved; the request itself
"""
