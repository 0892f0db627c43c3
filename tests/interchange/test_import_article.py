"""`manage.py import_article`: what reaches the database, and what a failure leaves behind."""

from datetime import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.utils import timezone

from accounts.models import Author
from articles.editing import revisions
from articles.models import Article, Revision, Section, Status
from tests.commands import run_command
from tests.conftest import SEED, SEED_SLUG

pytestmark = pytest.mark.django_db

GOOD = "Connect with us\n\nSport\n\nHome side wins the cup\n\nPublished\n\non\n\nThe match ended 2-1.\n"


def run(*args, stdin=None):
    """Run the command; return (stdout, stderr, error or None)."""
    return run_command("import_article", *args, stdin=stdin)


def test_seed_is_imported_as_a_draft_by_default():
    out, err, error = run(str(SEED))

    assert error is None, err
    article = Article.objects.get()
    assert article.slug == SEED_SLUG
    assert article.status == Status.DRAFT
    assert article.section.name == "News"
    assert article.dateline == "MOSCOW, Russia"
    assert article.lead_image_caption == "Poutine Witkoff Meeting Kremlin"
    assert article.lead_image_alt == "Poutine Witkoff Meeting Kremlin"
    assert article.body.count("<p>") == 7
    assert article.source == SEED.name
    assert len(article.source_checksum) == 64
    assert "1 created, 0 updated, 0 unchanged, 0 skipped, 0 failed." in out


def test_publish_makes_it_public_now():
    before = timezone.now()
    run(str(SEED), "--publish")
    article = Article.objects.get()
    assert article.status == Status.PUBLISHED
    assert before <= article.published_at <= timezone.now()
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_importing_again_updates_instead_of_duplicating(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(GOOD)
    run(str(path), "--publish")
    first = Article.objects.get()

    out, _, _ = run(str(path), "--publish")
    assert "0 created, 0 updated, 1 unchanged" in out

    path.write_text(GOOD.replace("2-1", "3-1"))
    out, _, _ = run(str(path))
    assert "0 created, 1 updated, 0 unchanged" in out

    article = Article.objects.get()
    assert article.pk == first.pk
    assert article.slug == first.slug
    assert "3-1" in article.body
    # An import never takes an article out of the desk's hands: it stays published.
    assert article.status == Status.PUBLISHED
    assert article.revised_at is not None and article.shows_update
    assert Article.objects.count() == 1 and Section.objects.count() == 1


def test_the_same_file_from_another_folder_is_the_same_article(tmp_path, seed_bytes):
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / SEED.name).write_bytes(seed_bytes)
    run(str(SEED))
    out, _, _ = run(str(tmp_path / "copy"))
    assert "1 unchanged" in out
    assert Article.objects.count() == 1


def test_directory_imports_every_file_of_a_known_kind_inside(tmp_path):
    (tmp_path / "nested").mkdir()
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "nested" / "b.txt").write_text(GOOD.replace("Home side wins the cup", "Away side loses"))
    (tmp_path / "notes.odt").write_text("not an article")

    out, err, error = run(str(tmp_path))

    assert error is None, err
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        "Away side loses",
        "Home side wins the cup",
    ]
    assert "2 created" in out


def test_standard_input():
    out, err, error = run("-", "--publish", stdin=GOOD.encode())
    assert error is None, err
    assert Article.objects.get().headline == "Home side wins the cup"
    out, _, _ = run("-", stdin=GOOD.encode())
    assert "1 unchanged" in out
    assert Article.objects.count() == 1


def test_options_for_section_bylines_tags_and_date(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(GOOD)
    _, err, error = run(
        str(path),
        "--section",
        "World News",
        "--byline",
        "Ada Reporter, Bo Writer",
        "--byline",
        "Wire Service",
        "--tag",
        "football",
        "--tag",
        "cup",
        "--status",
        "review",
        "--published-at",
        "2025-11-25T08:30",
    )
    assert error is None, err
    article = Article.objects.get()
    assert article.section.name == "World News"
    assert [b.author.name for b in article.bylines.select_related("author")] == [
        "Ada Reporter",
        "Bo Writer",
        "Wire Service",
    ]
    assert sorted(article.tags.names()) == ["cup", "football"]
    assert article.status == Status.REVIEW
    assert timezone.localtime(article.published_at).replace(tzinfo=None) == datetime(2025, 11, 25, 8, 30)
    # Guest and wire bylines need no account.
    assert Author.objects.filter(user__isnull=True).count() == 3


def test_date_in_the_file_is_kept(tmp_path):
    path = tmp_path / "dated.txt"
    path.write_text(GOOD.replace("on\n\n", "on\n\nNovember 25, 2025\n\n"))
    run(str(path), "--publish")
    article = Article.objects.get()
    assert timezone.localtime(article.published_at).date().isoformat() == "2025-11-25"


def test_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(GOOD)
    out, err, error = run(str(path), "--dry-run", "--byline", "Someone New")
    assert error is None, err
    assert "would be created" in out
    assert "Dry run, nothing written" in out
    assert not Article.objects.exists()
    assert not Section.objects.exists()
    assert not Author.objects.exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02\x03binary\xff\xfe\x00", "binary data"),
        (b"Connect with us\n\nPublished\n\non\n\nBody.", "no headline"),
        (b"News\n\nHeadline\n\nPublished\n\non\n\n\x81\x8d\x8f\x90\x9d", "not text in a known encoding"),
    ],
)
def test_a_bad_file_fails_alone_with_one_clear_line(tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(GOOD)

    out, err, error = run(str(bad), str(good))

    assert error is not None and "1 of 2 items failed" in str(error)
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"failed: {bad}: ")
    assert reason in lines[0]
    assert "Traceback" not in err + out
    assert "1 created, 0 updated, 0 unchanged, 0 skipped, 1 failed." in out
    # The good file still imported; the bad one left nothing behind.
    assert list(Article.objects.values_list("headline", flat=True)) == ["Home side wins the cup"]
    assert Section.objects.count() == 1


def test_missing_paths_and_empty_directories_are_reported(tmp_path):
    (tmp_path / "empty").mkdir()
    out, err, error = run(str(tmp_path / "nope.txt"), str(tmp_path / "empty"))
    assert error is not None
    assert "no such file or directory" in err
    assert "holds no files to import" in err
    assert "0 created, 0 updated, 0 unchanged, 0 skipped, 2 failed." in out


def test_an_unusable_byline_is_refused_before_anything_is_read(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(GOOD)
    _, _, error = run(str(path), "--section", "Brand New", "--byline", "x" * 200)
    assert error is not None and "is 200 characters long; the limit is 150" in str(error)
    assert not Article.objects.exists()
    assert not Section.objects.filter(name="Brand New").exists()


def test_a_failure_after_the_article_was_written_rolls_it_back(tmp_path, monkeypatch):
    # The revision is the last row written for a file, after its section and article.
    def refuse(*args, **kwargs):
        raise IntegrityError("the database refused the revision")

    monkeypatch.setattr(Revision.objects, "bulk_create", refuse)
    monkeypatch.setattr(revisions, "record", refuse)
    path = tmp_path / "story.txt"
    path.write_text(GOOD)
    _, err, error = run(str(path), "--section", "Brand New")
    assert error is not None and "failed: " in err
    assert not Article.objects.exists()
    assert not Section.objects.filter(name="Brand New").exists()


def test_an_invalid_published_at_is_refused_before_anything_is_read(tmp_path):
    _, _, error = run(str(SEED), "--published-at", "next tuesday")
    assert error is not None and "not an ISO date" in str(error)
    assert not Article.objects.exists()


def test_publish_and_status_cannot_be_combined():
    with pytest.raises(CommandError, match="not allowed with argument"):
        call_command("import_article", str(SEED), "--publish", "--status", "draft")


def test_headlines_that_slugify_alike_get_distinct_slugs(tmp_path):
    (tmp_path / "one.txt").write_text(GOOD)
    (tmp_path / "two.txt").write_text(GOOD.replace("The match", "Another match"))
    run(str(tmp_path))
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "home-side-wins-the-cup",
        "home-side-wins-the-cup-2",
    ]


def test_a_new_encoding_of_the_same_text_is_recorded_but_not_shown_as_an_update(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(GOOD)
    run(str(path), "--publish")
    path.write_bytes(GOOD.replace("\n", "\r\n").encode("utf-8-sig"))

    out, _, _ = run(str(path))

    article = Article.objects.get()
    assert "1 updated" in out
    assert not article.shows_update, "readers see no 'Updated on' when the text did not change"
    assert "1 unchanged" in run(str(path))[0], "the new bytes are what the next import compares with"
