"""Library pictures in several sizes and formats, checked uploads, and related reading on the article page."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.core import images
from articles.editing.library import save_image
from tests.factories import make_article, make_author, make_image, make_section
from tests.staff import change_form_data, make_editor, png_bytes

pytestmark = pytest.mark.django_db


def test_an_uploaded_image_is_served_in_modern_formats_and_several_widths(client, library_image):
    article = make_article("Pictured", lead_image=library_image, lead_image_alt="A red square")

    renditions = article.lead_image.renditions
    every_format = ("image/avif", "image/webp", "image/jpeg")
    assert {(r["crop"], r["width"], r["format"]) for r in renditions} == {
        *(
            (crop, width, mime)
            for crop, widths in [
                ("", (480, 800, 1200, 1600)),
                ("square", (192, 384)),
                ("landscape", (480, 960)),
            ]
            for width in widths
            for mime in every_format
        ),
        ("social", 1200, "image/jpeg"),
    }
    for rendition in renditions:
        with default_storage.open(rendition["name"]) as stored, Image.open(stored) as opened:
            assert opened.size == (rendition["width"], rendition["height"])
            assert Image.MIME[opened.format] == rendition["format"]

    html = client.get(article.get_absolute_url()).content.decode()
    picture = re.search(r"<picture>.*?</picture>", html, re.S).group()
    assert picture.index('type="image/avif"') < picture.index('type="image/webp"') < picture.index("<img")
    assert 'sizes="(min-width: 48rem) 46rem, 100vw"' in picture
    assert re.search(r'srcset="[^"]+-480\.webp 480w, [^"]+-800\.webp 800w, [^"]+-1200\.webp 1200w', picture)
    assert "-square-" not in picture and "-landscape-" not in picture, "the lead shows the whole picture"
    assert 'width="1600" height="900"' in picture, "the box is reserved before the image arrives"
    assert 'fetchpriority="high"' in picture and 'loading="lazy"' not in picture, "the lead is above the fold"


def test_list_thumbnails_load_lazily_and_the_front_page_lead_eagerly(client, library_image):
    make_article("Older pictured story", lead_image=library_image, lead_image_alt="Boats")
    # Newer ones take the lead and the four top stories: the pictured one is in the list below.
    for number in range(5):
        make_article(f"Newer story {number}")
    html = client.get("/").content.decode()
    thumbnail = re.search(r'<img class="teaser__image teaser__image--thumb"[^>]+>', html).group()
    assert 'loading="lazy"' in thumbnail and 'alt="Boats"' in thumbnail
    assert re.search(r'srcset="[^"]+-square-192\.jpg 192w, [^"]+-square-384\.jpg 384w"', thumbnail)


def test_top_stories_carry_a_picture_above_their_words_sized_for_their_column(client, library_image):
    make_article("Pictured top story", lead_image=library_image, lead_image_alt="Boats")
    make_article("Newest story")
    html = client.get("/").content.decode()
    top = html[html.index('class="top-stories"') :]
    image = re.search(r'<img class="teaser__image"[^>]+>', top).group()
    assert 'loading="lazy"' in image and 'alt="Boats"' in image
    assert 'sizes="(min-width: 56rem) 16rem, (min-width: 36rem) 50vw, 100vw"' in top
    assert "-landscape-480.jpg 480w" in image, "a 3:2 cut for the 3:2 box"


def test_a_small_image_is_not_blown_up_and_transparency_survives():
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(buffer, format="PNG")
    image = make_image(picture=Image.open(io.BytesIO(buffer.getvalue())), name="logo.png", alt="Logo")
    whole = {(r["width"], r["format"]) for r in image.renditions if not r["crop"]}
    assert whole == {(300, "image/avif"), (300, "image/webp"), (300, "image/png")}
    # Each shape at most as wide as the picture allows: a 200 x 200 square, a 300 x 200 landscape.
    assert {(r["crop"], r["width"], r["height"]) for r in image.renditions if r["crop"]} == {
        ("square", 192, 192),
        ("square", 200, 200),
        ("landscape", 300, 200),
        ("social", 300, 158),
    }
    social = next(r for r in image.renditions if r["crop"] == "social")
    assert social["format"] == "image/png", "transparency kept in the card too"


def test_replacing_the_file_replaces_its_renditions(django_capture_on_commit_callbacks):
    image = make_image(1600, 900, alt="First")
    old = [r["name"] for r in image.renditions]
    original = image.file.name
    assert old and all(default_storage.exists(name) for name in old)
    image.file = SimpleUploadedFile("second.png", png_bytes(900, 600))
    with django_capture_on_commit_callbacks(execute=True):
        save_image(image)
    image.refresh_from_db()
    assert all(not default_storage.exists(name) for name in [*old, original])
    assert {r["width"] for r in image.renditions if not r["crop"]} == {480, 800, 900}


def bomb_png(width, height):
    """A PNG that is tiny on disk and enormous once decoded."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "bomb.png",
            bomb_png(12_000, 9_000),
            "This image is 12,000 × 9,000 pixels; the limit is 50 megapixels.",
        ),
        (
            "bigger-bomb.png",
            bomb_png(20_000, 20_000),
            "This image is 400 megapixels; the limit is 50 megapixels.",
        ),
        ("notes.png", b"just some text, not a picture", "This file is not an image we can use"),
        ("scan.bmp", None, "BMP images are not accepted; use JPEG, PNG, WebP, GIF."),
    ],
)
def test_unusable_uploads_are_refused_with_a_clear_message(client, name, content, message):
    if content is None:
        buffer = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buffer, format="BMP")
        content = buffer.getvalue()
    article = make_article(status="draft")
    client.force_login(make_editor())
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(article, lead_image_upload=SimpleUploadedFile(name, content), lead_image_alt="x"),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    article.refresh_from_db()
    assert article.lead_image is None
    assert not images_in_library(), "a refused upload leaves nothing in the library"


def images_in_library():
    from articles.models import Image as LibraryImage

    return LibraryImage.objects.exists()


def test_an_oversized_file_is_refused_before_it_is_opened(monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)
    with pytest.raises(images.forms.ValidationError, match=r"the limit is 1000"):
        images.check_upload(SimpleUploadedFile("big.png", png_bytes(400, 400)))


def test_related_articles_share_tags_first_then_the_section(client):
    world, sport = make_section("World"), make_section("Sport")
    article = make_article("Storm hits coast", section=world, tags=["Storm", "Coast"])
    make_article("Coast storm clean-up", section=sport, tags=["Storm", "Coast"])
    make_article("Storm warning", section=sport, tags=["Storm"])
    make_article("Elections", section=world)
    make_article("Football", section=sport)
    make_article("Storm draft", section=world, tags=["Storm", "Coast"], status="draft")

    html = client.get(article.get_absolute_url()).content.decode()
    related = html.split('id="related-heading"')[1].split("</section>")[0]
    titles = re.findall(r'class="teaser__headline"><a href="[^"]+">([^<]+)</a>', related)
    assert titles == ["Coast storm clean-up", "Storm warning", "Elections"]


def test_more_from_the_first_author_repeats_nothing_already_related(client):
    ann = make_author("Ann Writer", slug="ann")
    article = make_article("Today's story", authors=[ann], section=make_section("World"), tags=["Storm"])
    make_article("Yesterday's story", authors=[ann], section=make_section("Sport"))
    make_article("Ann's storm story", authors=[ann], section=make_section("Science"), tags=["Storm"])
    make_article("Someone else's", authors=[make_author("Ben")])
    html = client.get(article.get_absolute_url()).content.decode()
    related = html.split('id="related-heading"')[1].split("</section>")[0]
    more = html.split('id="more-by-heading"')[1].split("</section>")[0]
    assert "Ann&#x27;s storm story" in related
    assert 'More from <a href="/authors/ann/">Ann Writer</a>' in more
    assert "Yesterday&#x27;s story" in more
    assert "storm story" not in more and "Someone else" not in more and "Today&#x27;s story" not in more
