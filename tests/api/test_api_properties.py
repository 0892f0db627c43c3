"""Schemathesis: requests generated from the API's contract (the reviewed OpenAPI document, which
test_openapi_snapshot keeps equal to the served one), sent to a live server; every answer must match
the contract and none may be a 500. Bounded: EXAMPLES per operation."""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import make_article, make_author

EXAMPLES = 25
# What the answers must be. Left out on purpose: the API answers the anonymous (a key is optional)
# and ignores query parameters it does not know, as the web does.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
schema = schemathesis.openapi.from_path(Path(__file__).parent / "openapi.json")


@pytest.fixture
def archive(live_server, transactional_db):
    author = make_author("Ana Ruiz")
    for n in range(3):
        make_article(f"Story {n}", authors=[author], tags=["Harbour", f"Topic {n}"])
    return live_server.url


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_matches_the_contract(case, archive):
    case.call_and_validate(base_url=archive, checks=CHECKS)
