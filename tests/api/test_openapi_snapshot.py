"""The served OpenAPI document is kept beside the tests: a change to the API's contract is a visible diff
in review. After a deliberate change: UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/api."""

import json
import os
from pathlib import Path

import pytest

SNAPSHOT = Path(__file__).parent / "openapi.json"

pytestmark = pytest.mark.django_db


def test_the_contract_is_the_one_reviewed(client):
    served = json.loads(client.get("/api/v1/openapi.json").content)
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(served, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    assert served == json.loads(SNAPSHOT.read_text()), (
        "the API's contract changed: review, then UPDATE_SNAPSHOTS=1"
    )
