"""Errors as RFC 9457 problem documents: application/problem+json with type, title, status, detail."""

import json

from django.http import HttpResponse

PROBLEM_TYPE = "about:blank"  # the status code's own meaning; `title` is its phrase
PROBLEM = "application/problem+json"


class Problem(Exception):
    """Raised by an endpoint to answer with a problem document."""

    def __init__(self, status, title, detail="", **extra):
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra


def problem_response(status, title, detail="", *, retry_after=None, **extra):
    body = {"type": PROBLEM_TYPE, "title": title, "status": status, "detail": detail, **extra}
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM)
    response["Cache-Control"] = "no-store"
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response
