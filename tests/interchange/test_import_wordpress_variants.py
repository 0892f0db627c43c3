"""What WordPress and WordPress.com really write: every namespace and version, the generator's comment
block, guids that repeat, posts in no category or in "Uncategorized", and exports of several sites."""

import re
from pathlib import Path

import pytest

from articles.models import Article, ChangeEvent, Section, Status
from tests.commands import run_command
from tests.factories import make_article

pytestmark = pytest.mark.django_db

COM_EXPORT = Path(__file__).parent / "imports" / "wordpress-com.xml"
SITE = "harbourcourier.wordpress.com"


def run(*args):
    return run_command("import_article", *args)


def article(post_id, site=SITE):
    return Article.objects.get(source=f"wordpress:{site}?p={post_id}")


def variant(tmp_path, *, scheme="https", version="1.2", comments=True, site=None):
    text = COM_EXPORT.read_text()
    text = text.replace("https://wordpress.org/export/1.2/", f"{scheme}://wordpress.org/export/{version}/")
    if not comments:
        text = re.sub(r"<!--.*?-->\n", "", text, flags=re.DOTALL)
    if site:
        text = text.replace(SITE, site)
    path = tmp_path / f"export-{scheme}-{version}-{comments}-{site}.xml"
    path.write_text(text)
    return path


def test_a_wordpress_com_export_imports_whole():
    out, err, error = run(str(COM_EXPORT))
    assert error is None, err
    assert "3 created" in out and "1 skipped (1 page)" in out and "0 failed" in out
    assert [article(n).headline for n in (5, 17, 23)] == [
        "Ferry timetable revised for winter",  # inline markup joins as a reader reads it
        "Lifeboat crew called out twice in one night",
        "Market hall to reopen in spring",
    ]
    assert article(5).status == Status.PUBLISHED and article(5).section.name == "Harbour"


def test_two_posts_sharing_a_guid_are_two_articles():
    run(str(COM_EXPORT))
    assert article(5).slug == "ferry-timetable" and article(17).slug == "lifeboat-twice"


def test_no_category_and_uncategorized_go_to_the_default_section_flagged_once_each():
    _out, err, _error = run(str(COM_EXPORT))
    assert article(17).section.name == "News" and article(23).section.name == "News"
    assert not Section.objects.filter(name__iexact="uncategorized").exists()
    flags = [line for line in err.splitlines() if "filed under “News”" in line]
    assert len(flags) == 2
    assert any("Market hall to reopen in spring: it names no section" in line for line in flags)


@pytest.mark.parametrize(
    ("nicename", "name"), [("sin-categoria", "Sin categoría"), ("allgemein", "Allgemein")]
)
def test_the_default_category_of_other_locales_is_no_section_either(tmp_path, nicename, name):
    export = tmp_path / "export.xml"
    export.write_text(
        COM_EXPORT.read_text().replace(
            '<category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category>',
            f'<category domain="category" nicename="{nicename}"><![CDATA[{name}]]></category>',
        )
    )
    run(str(export))
    assert article(17).section.name == "News"
    assert name not in article(17).tags.names()


def test_the_default_section_is_a_setting(settings):
    settings.IMPORT_DEFAULT_SECTION = "Latest"
    run(str(COM_EXPORT))
    assert article(23).section.name == "Latest"


def test_a_given_section_overrides_without_a_flag():
    _out, err, _error = run(str(COM_EXPORT), "--section", "Coast")
    assert {article(n).section.name for n in (5, 17, 23)} == {"Coast"}
    assert "filed under" not in err


def test_a_joined_keyword_list_arrives_as_its_keywords():
    run(str(COM_EXPORT))
    names = list(article(17).tags.names())
    assert (
        "lifeboats" in names
        and "rescue at sea" in names
        and "the harbour master's office and the pier" in names
    )
    assert all(len(name) <= 100 for name in names)


@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
@pytest.mark.parametrize("comments", [True, False])
def test_every_namespace_version_and_header_reads_the_same(tmp_path, scheme, version, comments):
    out, err, error = run(str(variant(tmp_path, scheme=scheme, version=version, comments=comments)))
    assert error is None, err
    assert "3 created" in out
    assert article(17).headline == "Lifeboat crew called out twice in one night"


def test_reimporting_is_idempotent_and_a_move_to_https_is_the_same_site(tmp_path):
    run(str(COM_EXPORT))
    out, _err, _error = run(str(COM_EXPORT))
    assert "0 created" in out and "3 unchanged" in out
    moved = variant(tmp_path)
    moved.write_text(moved.read_text().replace(f"https://{SITE}", f"http://www.{SITE}"))
    out, _err, _error = run(str(moved))
    assert "0 created" in out
    assert Article.objects.count() == 3


def test_exports_of_two_sites_never_collide(tmp_path):
    run(str(COM_EXPORT))
    out, err, error = run(str(variant(tmp_path, site="quaysidepost.wordpress.com")))
    assert error is None, err
    assert "3 created" in out
    assert Article.objects.count() == 6
    assert article(5, "quaysidepost.wordpress.com").pk != article(5).pk


def test_an_article_an_earlier_version_keyed_by_guid_is_adopted_not_duplicated():
    earlier = make_article("Market hall to reopen in spring", source=f"wordpress:https://{SITE}/?p=23")
    out, err, error = run(str(COM_EXPORT))
    assert error is None, err
    assert "2 created" in out
    assert article(23).pk == earlier.pk
    out, _err, _error = run(str(COM_EXPORT))
    assert "3 unchanged" in out


POST = """<item><title>Post {n}</title><link>https://big.example.org/?p={n}</link>
<guid isPermaLink="false">https://big.example.org/?p={guid}</guid>
<content:encoded><![CDATA[<p>Paragraph of post {n}.</p>]]></content:encoded>
<wp:post_id>{n}</wp:post_id><wp:post_date_gmt>2024-01-01 10:00:00</wp:post_date_gmt>
<wp:post_name>post-{n}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="{category}"><![CDATA[{category}]]></category></item>
"""


def test_ten_thousand_posts_reimport_creating_nothing_and_changing_nothing(tmp_path):
    export = tmp_path / "big.xml"
    with export.open("w") as file:
        file.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wp="https://wordpress.org/export/1.2/"><channel><link>https://big.example.org</link>\n'
        )
        for n in range(1, 10_001):
            # Every hundredth guid repeats its neighbour's; every seventh post is Uncategorized.
            guid = n - 1 if n % 100 == 0 else n
            file.write(POST.format(n=n, guid=guid, category="uncategorized" if n % 7 == 0 else "City"))
        file.write("</channel></rss>\n")
    out, err, error = run(str(export), "--verbosity", "0")
    assert error is None, err[:500]
    assert "10000 created" in out
    before = dict(Article.objects.values_list("source", "source_checksum"))
    changed = Article.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    out, err, error = run(str(export), "--verbosity", "0")
    assert error is None, err[:500]
    assert "0 created, 0 updated, 10000 unchanged" in out
    assert dict(Article.objects.values_list("source", "source_checksum")) == before
    assert Article.objects.order_by("-updated_at").values_list("updated_at", flat=True).first() == changed


def test_an_import_tells_the_changes_feed_of_its_publications_and_a_dry_run_of_none():
    run(str(COM_EXPORT), "--dry-run")
    assert not ChangeEvent.objects.exists()
    run(str(COM_EXPORT))
    published = ChangeEvent.objects.filter(change="published")
    assert sorted(published.values_list("article_id", flat=True)) == sorted(
        Article.objects.values_list("pk", flat=True)
    )
