"""The API itself: its routers, its OpenAPI document and docs page, and problem documents for errors."""

import logging

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from . import articles, changes, directory, now
from .callers import Callers
from .problems import PROBLEM, Problem, problem_response
from .representation import NINJS


class ContentAPI(NinjaAPI):
    """django-ninja's API, its document saying what the answers really are: errors as problem
    documents (401 and 429 from any operation), articles also as ninjs, and a key optional."""

    def get_openapi_schema(self, *args, **kwargs):
        document = super().get_openapi_schema(*args, **kwargs)
        problem = {"$ref": "#/components/schemas/ProblemOut"}
        for path, operations in document["paths"].items():
            for operation in operations.values():
                responses = operation["responses"]
                for status, description in ((401, "Unauthorized"), (429, "Too Many Requests")):
                    responses.setdefault(status, {"description": description, "content": {}})
                for status, response in responses.items():
                    if int(status) >= 400:
                        response["content"] = {PROBLEM: {"schema": problem}}
                if path.startswith("/api/v1/articles") and not path.endswith("/live"):
                    responses[200]["content"][NINJS] = {"schema": {"type": "object"}}
                operation["security"] = [{}, *operation.get("security", [])]
        return document


api = ContentAPI(
    title="Newsroom content API",
    version="1",
    description="What the public sees, for apps, partners and newsletters. Errors are RFC 9457 problem "
    "documents; times are ISO 8601 in UTC; lists page through opaque keyset cursors (follow `next`).",
    urls_namespace="api",
    auth=Callers(),
)
api.add_router("", articles.router)
api.add_router("", changes.router)
api.add_router("", directory.router)
api.add_router("", now.router)


@api.exception_handler(Problem)
def _problem(request, error):
    return problem_response(error.status, error.title, error.detail, **error.extra)


@api.exception_handler(ValidationError)
def _invalid(request, error):
    """A bad parameter: a 400 that names it."""
    first = error.errors[0] if error.errors else {}
    where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "the request"
    return problem_response(400, "Bad Request", f"'{where}': {first.get('msg', 'not valid')}")


@api.exception_handler(Http404)
def _not_found(request, error):
    return problem_response(404, "Not Found", "no such resource")


@api.exception_handler(HttpError)
def _http_error(request, error):
    return problem_response(error.status_code, str(error), str(error))


@api.exception_handler(Exception)
def _failure(request, error):
    """Never a traceback to a caller: the error is logged (Django's request logger) and said plainly."""
    logging.getLogger("django.request").exception("API error on %s", request.path)
    return problem_response(500, "Internal Server Error", "the server could not answer; try again later")
