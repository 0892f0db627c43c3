"""`import_article` on awkward input: limits, names, encodings, links, bad options, a second import at once."""

import codecs
import os
import subprocess
import sys

import pytest

from articles.models import Article
from tests.conftest import ROOT
from tests.interchange.test_import_article import GOOD, run
from tests.processes import fresh_database

pytestmark = pytest.mark.django_db

STORY = "Connect with us\n\nSport\n\n{headline}\n\nPublished\n\non\n\n{body}\n"


def story(headline="Home side wins the cup", body="The match ended 2-1."):
    return STORY.format(headline=headline, body=body)


# Size


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, settings):
    settings.IMPORT_MAX_FILE_SIZE = 1024
    big = tmp_path / "big.txt"
    big.write_text(story(body="word " * 2000))
    _, err, error = run(str(big))
    assert error is not None
    assert "the file is 10 KB; the limit is 1 KB" in err
    assert not Article.objects.exists()

    _, err, error = run(str(big), "--max-size", "20k")
    assert error is None, err
    assert Article.objects.count() == 1


def test_standard_input_over_the_limit_is_refused_too():
    _, err, error = run("-", "--max-size", "100", stdin=story(body="word " * 100).encode())
    assert error is not None and "the limit is 0 KB (--max-size)" in err
    assert not Article.objects.exists()


@pytest.mark.parametrize("value", ["abc", "0", "-5", "5G"])
def test_a_size_that_is_not_one_is_refused(value):
    _, _, error = run(str(ROOT / "seeds"), f"--max-size={value}")
    assert error is not None and "is not a size such as 500k or 5M" in str(error)
    assert not Article.objects.exists()


# Source keys


def test_files_with_one_name_in_two_folders_are_two_articles(tmp_path):
    for folder, headline in (("a", "First story"), ("b", "Second story")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(story(headline))
    (tmp_path / "top.txt").write_text(story("Top story"))

    out, err, error = run(str(tmp_path))
    assert error is None, err
    assert "3 created" in out
    assert sorted(Article.objects.values_list("source", "headline")) == [
        ("a/story.txt", "First story"),
        ("b/story.txt", "Second story"),
        ("top.txt", "Top story"),  # a file at the top is known by its name, as it always was
    ]
    out, _, _ = run(str(tmp_path))
    assert "0 created, 0 updated, 3 unchanged, 0 skipped, 0 failed." in out


def test_two_files_given_by_the_same_name_are_not_merged(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(story(f"Story from {folder}"))
    _, err, error = run(str(tmp_path / "a" / "story.txt"), str(tmp_path / "b" / "story.txt"))
    assert error is not None
    assert (
        f"failed: {tmp_path / 'b' / 'story.txt'}: known by the same name as {tmp_path / 'a' / 'story.txt'}"
        in err
    )
    assert list(Article.objects.values_list("headline", flat=True)) == ["Story from a"]


# Encodings


def test_windows_1252_is_read_and_flagged(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(story("Café crème for the “champions”").encode("cp1252"))
    out, err, error = run(str(path))
    assert error is None, err
    assert Article.objects.get().headline == "Café crème for the “champions”"
    assert "flagged: " in err and "not UTF-8" in err and "read as Windows-1252" in err
    assert "1 flagged for a look" in out


def test_likely_mojibake_is_flagged_with_what_it_may_have_been(tmp_path):
    path = tmp_path / "garbled.txt"
    path.write_text(story("CafÃ© owners protest", "Theyâ€™re closing on Monday."))
    out, err, error = run(str(path))
    assert error is None, err
    assert "looks like mojibake" in err and "may have been" in err and "Café" in err
    assert "1 flagged for a look" in out


def test_clean_utf8_is_never_flagged(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text(story("Café crème in Zürich — “naïve” Москва", "Straße, 東京 and 🙂."))
    out, err, error = run(str(path))
    assert error is None and "flagged" not in err + out


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_and_named(tmp_path, encoding):
    path = tmp_path / "wide.txt"
    path.write_bytes(codecs.encode(story("Wide characters — still news"), encoding))
    _, err, error = run(str(path))
    assert error is None, err
    assert Article.objects.get().headline == "Wide characters — still news"
    assert f"UTF-16 without a byte-order mark: read as {encoding.upper()}" in err


def test_a_section_line_without_letters_or_digits_files_the_story_under_the_default_section(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(STORY.format(headline="Headline", body="Body.").replace("Sport", "* * *"))
    _, err, error = run(str(path))
    assert error is None
    assert f"flagged: {path}: “* * *” has no letters or digits: filed under “News”" in err
    assert Article.objects.get().section.name == "News"


# Links


def test_a_symbolic_link_loop_is_named_and_counted_as_failed(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    out, err, error = run(str(loop))
    assert error is not None
    assert f"failed: {loop}: a symbolic link loop" in err
    assert "1 failed" in out


def test_loops_inside_a_folder_are_reported_not_skipped_or_walked_forever(tmp_path):
    (tmp_path / "story.txt").write_text(story())
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    out, err, error = run(str(tmp_path))
    assert error is not None
    assert f"failed: {tmp_path / 'self.txt'}: a symbolic link loop" in err
    assert (
        f"failed: {tmp_path / 'sub' / 'up'}: a symbolic link loop: it leads back to a folder above it" in err
    )
    assert f"failed: {tmp_path / 'gone.txt'}: a broken symbolic link" in err
    assert "1 created, 0 updated, 0 unchanged, 0 skipped, 3 failed." in out
    assert Article.objects.get().source == "story.txt"


# Options


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--tag=--", "--tag was given no name"),
        ("--byline=--", "--byline was given no name"),
        ("--tag=-,-", "--tag '-' has no letters or digits."),
        ("--byline=...", "--byline '...' has no letters or digits."),
        ("--section=!!", "--section '!!' has no letters or digits."),
        ("--tag=" + "t" * 101, "the limit is 100"),
        ("--encoding=klingon", "--encoding 'klingon' is not an encoding Python knows"),
        ("--published-at=soon", "is not an ISO date"),
    ],
)
def test_no_option_value_ends_in_a_traceback(tmp_path, option, message):
    path = tmp_path / "story.txt"
    path.write_text(GOOD)
    result = subprocess.run(
        [sys.executable, "manage.py", "import_article", str(path), option],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'never-written.sqlite3'}"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# Two imports at once


@pytest.fixture
def empty_database(tmp_path):
    with fresh_database(tmp_path) as env:
        yield env


def test_two_imports_of_the_same_files_at_once_report_every_file_truthfully(tmp_path, empty_database):
    folder = tmp_path / "wire"
    folder.mkdir()
    files = 1200
    for number in range(files):
        (folder / f"story_{number:04d}.txt").write_text(story(f"Story number {number}", f"Text {number}."))
    command = [sys.executable, "manage.py", "import_article", str(folder), "--publish"]
    runs = [
        subprocess.Popen(
            command, cwd=ROOT, env=empty_database, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = [(process.communicate(timeout=300), process.returncode) for process in runs]

    created = 0
    for (out, err), returncode in outputs:
        assert returncode == 0, err.decode()[-2000:]
        problems = [line for line in err.decode().splitlines() if not line.startswith("progress: ")]
        assert b"failed" not in out.replace(b" 0 failed", b"") and not problems, err.decode()[-2000:]
        lines = [line for line in out.decode().splitlines() if " -> /articles/" in line]
        assert len(lines) == files  # one truthful line per file
        assert {line.split(":")[0] for line in lines} <= {"created", "unchanged", "updated"}
        created += sum(line.startswith("created:") for line in lines)
    assert created == files  # each file was created by exactly one of the two

    count = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-v0",
            "-c",
            "from articles.models import Article as A; print(A.objects.count())",
        ],
        cwd=ROOT,
        env=empty_database,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert count.stdout.strip() == str(files)
