"""Saved pages import at least as right as trafilatura alone, field by field, and better on headlines
and authors: both run on the same 56 pages here (bench/extraction.py scores them)."""

import pytest

from bench import extraction

PAGES = extraction.pages()


def test_the_set_is_big_and_varied_enough_to_mean_something():
    assert len(PAGES) >= 40
    languages = {page.gold["language"] for page in PAGES}
    assert {"en", "de", "es", "fr", "pt", "fi", "sv", "zh"} <= languages
    for page in PAGES:
        assert set(page.gold) >= {"headline", "published", "authors", "body", "passages", "boilerplate"}
        body = [extraction.normal(paragraph) for paragraph in page.gold["body"]]
        for passage in page.gold["passages"]:
            assert any(extraction.normal(passage) in paragraph for paragraph in body), (page.name, passage)


@pytest.fixture(scope="module")
def scores():
    return extraction.evaluate()


@pytest.mark.parametrize("field", extraction.FIELDS)
def test_ours_is_at_least_as_right_as_trafilatura_on_every_field(scores, field):
    ours, theirs = scores["ours"], scores["trafilatura"]
    assert ours.counted[field] == theirs.counted[field] > 0
    assert ours.right[field] >= theirs.right[field], (ours.wrong.get(field), theirs.wrong.get(field))


@pytest.mark.parametrize("field", ["headline", "authors"])
def test_ours_is_better_on_headlines_and_authors(scores, field):
    assert scores["ours"].right[field] > scores["trafilatura"].right[field]


def test_the_body_text_is_at_least_as_close_to_the_gold(scores):
    assert scores["ours"].mean_f1 >= scores["trafilatura"].mean_f1


def test_the_scorer_can_tell_right_from_wrong():
    page = PAGES[0]
    gold = page.gold
    right = extraction.Extracted(
        gold["headline"],
        None,
        tuple(gold["authors"]),
        " ".join(gold["body"]),
    )
    wrong = extraction.Extracted(gold["headline"] + " | Site", None, (), " ".join(gold["boilerplate"]))
    score = extraction.Score()
    score.add(page, right)
    score.add(page, wrong)
    assert score.right["headline"] == 1 and score.right["passages"] == 1 and score.right["boilerplate"] == 1
    assert score.f1[0] == 1.0 and score.f1[1] < 0.2
