"""A keyed read of public content shares the anonymous answer in the page cache: its key and rate are
checked first (a revoked key is refused at once, cached answer or not), then it goes on as anonymous,
so a hot answer is rendered once for everyone. Preview keys go on with their key: nothing they see
is cached."""

from .callers import Callers
from .problems import Problem, problem_response

API_PREFIX = "/api/v1/"


class KeyedReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.callers = Callers()

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and request.path.startswith(API_PREFIX)
            and "HTTP_AUTHORIZATION" in request.META
        ):
            try:
                caller = self.callers(request)
            except Problem as problem:
                return problem_response(problem.status, problem.title, problem.detail, **problem.extra)
            if not caller.previews:
                request.api_caller = caller  # checked and counted: the API takes it as it is
                del request.META["HTTP_AUTHORIZATION"]
        return self.get_response(request)
