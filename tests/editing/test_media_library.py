"""The media library: pictures as records, chosen or uploaded from the article form, cut around a
focal point on real pixels, shown in bodies with their renditions, and embeds that load on a click."""

import io
import json
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TestCase
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image as Pillow
from PIL import ImageChops

from articles.core import images
from articles.core.embeds import embed_for
from articles.editing import articles as editing
from articles.editing import library
from articles.editing.library import save_image
from articles.models import Article, BodyImage, Image
from tests.factories import make_article, make_image, save
from tests.staff import change_form_data, make_editor, make_reporter, make_user, png_bytes

pytestmark = pytest.mark.django_db

MARK = (255, 0, 0)


def marked_picture(width, height, point):
    """A grey picture with a red 24 x 24 square centred on `point` (fractions of its size)."""
    picture = Pillow.new("RGB", (width, height), (128, 128, 128))
    x, y = round(point[0] * width), round(point[1] * height)
    picture.paste(MARK, (x - 12, y - 12, x + 12, y + 12))
    return picture


def shows_the_mark(name):
    """Whether a stored rendition still has red pixels of the mark (compression blurs them a little)."""
    with default_storage.open(name) as stored, Pillow.open(stored) as opened:
        red, green, blue = opened.convert("RGB").split()
    strong = red.point(lambda value: 255 if value > 200 else 0)
    weak = ImageChops.multiply(
        green.point(lambda value: 255 if value < 70 else 0),
        blue.point(lambda value: 255 if value < 70 else 0),
    )
    return ImageChops.multiply(strong, weak).getbbox() is not None


def test_every_shape_keeps_the_focal_point_in_frame_on_real_pixels(django_capture_on_commit_callbacks):
    point = (0.9, 0.15)  # near the top right corner: a centre crop would lose it
    image = make_image(picture=marked_picture(1600, 900, point), alt="Sun over the sea")
    # Before the focal point is set, the centred square misses the mark: the check can fail.
    centred = [r for r in image.renditions if r["crop"] == "square"]
    assert centred and not any(shows_the_mark(r["name"]) for r in centred)

    image.focal_x, image.focal_y = point
    with django_capture_on_commit_callbacks(execute=True):
        save_image(image)
    image.refresh_from_db()
    shaped = [r for r in image.renditions if r["crop"]]
    assert {r["crop"] for r in shaped} == {"square", "landscape", "social"}
    for rendition in image.renditions:  # every size and format, the whole picture's too
        assert shows_the_mark(rendition["name"]), rendition
    card = next(r for r in shaped if r["crop"] == "social")
    assert (card["width"], card["height"]) == (1200, 630)
    assert all(r["width"] == r["height"] for r in shaped if r["crop"] == "square")


@given(
    width=st.integers(1, 5000),
    height=st.integers(1, 5000),
    ratio=st.sampled_from([1, 3 / 2, 1200 / 630, 9 / 16]),
    x=st.floats(0, 1),
    y=st.floats(0, 1),
)
def test_a_crop_box_lies_in_the_picture_and_holds_the_point(width, height, ratio, x, y):
    left, top, right, bottom = images.crop_box(width, height, ratio, (x, y))
    assert 0 <= left < right <= width and 0 <= top < bottom <= height
    assert left - 1 <= x * width <= right + 1 and top - 1 <= y * height <= bottom + 1
    assert right - left == width or bottom - top == height, "as large as the picture allows"


def test_until_the_shapes_exist_the_page_crops_around_the_point(client):
    image = make_image(1600, 900)
    Image.objects.filter(pk=image.pk).update(
        focal_x=0.25, focal_y=0.75, renditions=[r for r in image.renditions if not r["crop"]]
    )
    make_article("Pictured before its shapes", lead_image=image)
    for number in range(5):
        make_article(f"Newer {number}")
    html = client.get("/").content.decode()
    thumbnail = re.search(r'<img class="teaser__image teaser__image--thumb"[^>]+>', html).group()
    assert 'style="object-position:25% 75%"' in thumbnail
    assert "-480.jpg 480w" in thumbnail, "the whole picture's sizes, never a broken image"


def test_before_any_rendition_exists_pages_show_the_original(client):
    image = make_image(640, 360)
    Image.objects.filter(pk=image.pk).update(renditions=[])
    article = make_article("Just uploaded", lead_image=image)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{image.file.url}"' in html and 'width="640" height="360"' in html


# The article form: choosing, uploading, and never losing an upload.


def test_the_form_shows_the_chosen_picture_with_its_thumbnail(client):
    image = make_image(1600, 900, caption="Harbour at dawn")
    article = make_article("Pictured", lead_image=image, status="draft")
    client.force_login(make_editor())
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    chooser = re.search(r'<div class="chooser".*?</div>', html, re.S).group()
    assert f'value="{image.pk}"' in chooser and "Harbour at dawn" in chooser
    assert "-square-192.jpg" in chooser, "a thumbnail, not a file path"
    assert "/admin/articles/image/choose/?field=id_lead_image" in chooser


def test_an_upload_survives_an_error_elsewhere_in_the_form(client):
    article = make_article("Pictured", status="draft")
    client.force_login(make_editor())
    url = f"/admin/articles/article/{article.pk}/change/"
    upload = SimpleUploadedFile("harbour.png", png_bytes(900, 600), content_type="image/png")
    data = change_form_data(article, headline="", lead_image_upload=upload, lead_image_alt="Boats at dawn")
    response = client.post(url, data)
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    [image] = Image.objects.all()
    assert (image.alt, image.width, image.height) == ("Boats at dawn", 900, 600)
    assert f'name="lead_image" id="id_lead_image" value="{image.pk}"' in response.content.decode()

    # The next save sends the chosen picture, not the file again.
    response = client.post(url, change_form_data(article, lead_image=image.pk, lead_image_alt="Boats"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.lead_image == image and Image.objects.count() == 1


def test_choosing_and_removing_a_library_picture_through_the_form(client):
    image = make_image(800, 600, alt="Library words", caption="Library caption", credit="Agency")
    article = make_article("To be pictured", status="draft")
    client.force_login(make_editor())
    url = f"/admin/articles/article/{article.pk}/change/"
    assert client.post(url, change_form_data(article, lead_image=image.pk)).status_code == 302
    article.refresh_from_db()
    assert (article.lead_alt, article.lead_caption, article.lead_credit) == (
        "Library words",
        "Library caption",
        "Agency",
    ), "empty story words take the library's"
    assert article.lead_image == image
    article.refresh_from_db()
    assert client.post(url, change_form_data(article, lead_image="")).status_code == 302
    article.refresh_from_db()
    assert article.lead_image is None and Image.objects.filter(pk=image.pk).exists()


def test_a_revision_restored_puts_its_picture_back(client):
    first, second = make_image(640, 360, alt="First"), make_image(640, 360, alt="Second")
    article = make_article("Swapped", lead_image=first)
    article.lead_image = second
    save(article)
    earliest = article.revisions.order_by("number").first()
    assert earliest.data["lead_image_id"] == first.pk
    with TestCase.captureOnCommitCallbacks(execute=True):
        editing.restore_revision(article, earliest, None)
    article.refresh_from_db()
    assert article.lead_image == first


# The picker.


def test_the_picker_lists_searches_and_pages_the_library(client):
    make_image(640, 360, alt="Flooded street", caption="Water in the old town")
    make_image(640, 360, alt="Goal", caption="The winning goal")
    client.force_login(make_reporter())
    html = client.get("/admin/articles/image/choose/?field=id_lead_image").content.decode()
    assert html.count('class="chooser-grid__item"') == 2
    assert 'data-caption="Water in the old town"' in html and "-square-192.jpg" in html
    found = client.get("/admin/articles/image/choose/?field=id_lead_image&q=goal").content.decode()
    assert found.count('class="chooser-grid__item"') == 1 and "The winning goal" in found
    assert 'name="field" value="id_lead_image"' in found, "a search keeps whom to call back"
    nothing = client.get("/admin/articles/image/choose/?q=volcano").content.decode()
    assert "No picture matches “volcano”." in nothing


def test_an_upload_in_the_picker_joins_the_library_and_is_chosen(client):
    client.force_login(make_reporter())
    upload = SimpleUploadedFile("storm.png", png_bytes(800, 500), content_type="image/png")
    response = client.post(
        "/admin/articles/image/choose/?CKEditorFuncNum=-1",
        {"file": upload, "alt": "Storm clouds", "caption": "Over the bay", "credit": "Photo: Desk"},
    )
    [image] = Image.objects.all()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/image/choose/?CKEditorFuncNum=-1&chosen={image.pk}"
    assert image.uploaded_by.username == "rita" and image.renditions
    chosen = client.get(response["Location"]).content.decode()
    assert f'data-chosen data-id="{image.pk}"' in chosen


def test_the_picker_refuses_a_bad_upload_with_its_reason(client):
    client.force_login(make_editor())
    response = client.post(
        "/admin/articles/image/choose/", {"file": SimpleUploadedFile("x.png", b"not a picture"), "alt": "x"}
    )
    assert response.status_code == 200
    assert "This file is not an image we can use" in response.content.decode()
    assert not Image.objects.exists()


def test_the_picker_is_for_the_desk_only(client):
    client.force_login(make_user("visitor"))  # staff, no role
    assert client.get("/admin/articles/image/choose/").status_code == 403
    client.logout()
    assert client.get("/admin/articles/image/choose/").status_code == 302  # to the login page


# The library's own pages.


def test_the_library_list_shows_thumbnails_and_a_picture_its_uses(client):
    image = make_image(1600, 900, caption="Harbour")
    article = make_article("Harbour reopens", lead_image=image)
    client.force_login(make_editor())
    listing = client.get("/admin/articles/image/").content.decode()
    assert 'class="desk-thumb"' in listing and "Harbour" in listing and "1600 × 900 px" in listing
    page = client.get(f"/admin/articles/image/{image.pk}/change/").content.decode()
    assert 'class="focal" data-focal' in page and 'name="focal_x"' in page
    assert f'href="/admin/articles/article/{article.pk}/change/">Harbour reopens</a>' in page
    assert page.count('class="desk-shape"') == 3


def test_a_focal_point_saved_on_the_desk_remakes_the_shapes(client):
    image = make_image(picture=marked_picture(1600, 900, (0.1, 0.9)), alt="Boat", caption="Boat")
    client.force_login(make_editor())
    response = client.post(
        f"/admin/articles/image/{image.pk}/change/",
        {"alt": "Boat", "caption": "Boat", "credit": "", "focal_x": "0.1", "focal_y": "0.9"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    image.refresh_from_db()
    assert all(shows_the_mark(r["name"]) for r in image.renditions if r["crop"])
    bad = client.post(
        f"/admin/articles/image/{image.pk}/change/",
        {"alt": "Boat", "caption": "", "credit": "", "focal_x": "1.5", "focal_y": "0.5"},
    )
    assert "A focal point lies inside the picture" in bad.content.decode()


def test_a_picture_in_use_cannot_be_deleted(client):
    lead, body = make_image(640, 360), make_image(640, 360)
    make_article("Uses both", lead_image=lead, body=figure(body))
    unused = make_image(640, 360)
    client.force_login(make_editor())
    for image in (lead, body):
        page = client.post(f"/admin/articles/image/{image.pk}/delete/", {"post": "yes"}).content.decode()
        assert "<title>Cannot delete image" in page and "shown by “Uses both”" in page
        assert "permission" not in page, "nothing suggests the article would go too"
        assert Image.objects.filter(pk=image.pk).exists()
    client.post(f"/admin/articles/image/{unused.pk}/delete/", {"post": "yes"})
    assert not Image.objects.filter(pk=unused.pk).exists()


def test_changed_words_reach_the_pages_that_show_the_picture(client, django_capture_on_commit_callbacks):
    image = make_image(640, 360, credit="Photo: Old Agency")
    article = make_article("Credited", lead_image=image, body=figure(image, caption="A harbour"))
    assert "Photo: Old Agency" in client.get(article.get_absolute_url()).content.decode()
    image.credit = "Photo: New Agency"
    with django_capture_on_commit_callbacks(execute=True):
        save_image(image)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Old Agency" not in html and html.count("Photo: New Agency") == 2  # the lead and the body


# Pictures in the body.


def figure(image, caption="", alt="In the body"):
    caption_html = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<p>Before.</p><figure><img src="{image.file.url}" alt="{alt}" data-file="{image.pk}">{caption_html}</figure><p>After.</p>'


def test_a_body_picture_is_served_from_its_renditions_with_caption_and_credit(client):
    image = make_image(1600, 900, credit="Photo: Agency")
    article = make_article("Figure inside", body=figure(image, caption="Boats in the harbour"))
    assert list(BodyImage.objects.filter(article=article).values_list("image_id", flat=True)) == [image.pk]
    html = client.get(article.get_absolute_url()).content.decode()
    body = html[html.index('class="article__body"') :]
    shown = re.search(r'<figure class="figure">.*?</figure>', body, re.S).group()
    assert '<source type="image/avif"' in shown and "-1200.webp 1200w" in shown
    assert 'alt="In the body"' in shown and 'loading="lazy"' in shown
    assert re.search(
        r"<figcaption>Boats in the harbour <span class=\"credit\">Photo: Agency</span></figcaption>", shown
    )
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert any("/renditions/images/" in url and url.endswith("-800.jpg") for url in data["image"])


def test_body_renditions_made_later_reach_the_stored_body(django_capture_on_commit_callbacks):
    image = make_image(1600, 900)
    made = image.renditions
    Image.objects.filter(pk=image.pk).update(renditions=[])
    article = make_article("Early", body=figure(Image.objects.get(pk=image.pk)))
    assert "srcset" not in Article.objects.get(pk=article.pk).body_html
    with django_capture_on_commit_callbacks(execute=True):
        library.make_renditions.call(image.pk, library.rendition_version(image))
    assert re.search(r"-1200(_\w+)?\.jpg 1200w", Article.objects.get(pk=article.pk).body_html)
    images.delete_renditions(made)


def test_the_desk_refuses_a_picture_that_is_not_in_the_library(client):
    article = make_article("Pasted", status="draft")
    client.force_login(make_editor())
    body = '<figure><img src="https://elsewhere.example/photo.jpg" alt="x"><figcaption>Someone else</figcaption></figure>'
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/", change_form_data(article, body=body)
    )
    assert response.status_code == 200
    assert "A picture in the body is not in the media library" in response.content.decode()


def test_a_picture_from_elsewhere_never_reaches_readers():
    article = make_article(
        "Imported", body='<p>Text.</p><img src="https://tracker.example/pixel.gif"><p>More.</p>'
    )
    assert "<img" not in article.body and "tracker" not in article.body_html


# Embeds.


@pytest.mark.parametrize(
    ("url", "provider", "kind", "frame"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "YouTube",
            "video",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ",
            "YouTube",
            "video",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://vimeo.com/76979871", "Vimeo", "video", "https://player.vimeo.com/video/76979871?dnt=1"),
        (
            "https://x.com/agency/status/1234567890",
            "X",
            "post",
            "https://platform.twitter.com/embed/Tweet.html?id=1234567890&dnt=true",
        ),
        (
            "https://www.instagram.com/p/CxYz123/",
            "Instagram",
            "post",
            "https://www.instagram.com/p/CxYz123/embed",
        ),
        (
            "https://www.tiktok.com/@newsroom/video/7212345678901234567",
            "TikTok",
            "video",
            "https://www.tiktok.com/embed/v2/7212345678901234567",
        ),
        (
            "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
            "Spotify",
            "audio",
            "https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk",
        ),
        ("https://www.openstreetmap.org/#map=15/48.85660/2.35220", "OpenStreetMap", "map", None),
        (
            "https://www.google.com/maps/place/Eiffel+Tower/",
            "Google Maps",
            "map",
            "https://maps.google.com/maps?q=Eiffel+Tower&output=embed",
        ),
    ],
)
def test_known_providers_become_embeds(url, provider, kind, frame):
    embed = embed_for(url)
    assert (embed.provider, embed.kind) == (provider, kind)
    if frame:
        assert embed.frame == frame
    else:
        assert embed.frame.startswith("https://www.openstreetmap.org/export/embed.html?bbox=")
        assert "marker=48.85660,2.35220" in embed.frame


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/video",
        "javascript:alert(1)",
        "https://www.youtube.com/",
        "https://evil.com/youtube.com/watch?v=x",
        "ftp://vimeo.com/1",
    ],
)
def test_anything_else_is_no_embed(url):
    assert embed_for(url) is None


def test_an_embed_is_a_placeholder_until_the_reader_asks(client):
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    body = f'<p>Watch:</p><p><a href="{url}">{url}</a></p><p><a href="{url}">Read the report</a></p><p>https://vimeo.com/76979871</p>'
    article = make_article("Embedded", body=body)
    html = client.get(article.get_absolute_url()).content.decode()
    body_html = html[html.index('class="article__body"') : html.index("</article>")]
    assert body_html.count('class="embed embed--video"') == 2
    assert "<iframe" not in html, "nothing from the provider loads with the page"
    assert 'data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in body_html
    assert (
        "Loading it connects to YouTube" in body_html
        and f'<a href="{url}">Open it on YouTube</a>' in body_html
    )
    assert f'<a href="{url}" rel="noopener noreferrer">Read the report</a>' in body_html, (
        "a link with words stays a link"
    )
    assert "js/embeds.js" in html
    plain = client.get(make_article("No embeds").get_absolute_url()).content.decode()
    assert "js/embeds.js" not in plain


# Moving in: the data migration.


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_lead_images_into_the_library_with_their_words():
    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0013_live_stories"), ("accounts", "0004_safe_text")])
    old = executor.loader.project_state([("articles", "0013_live_stories")]).apps
    OldArticle = old.get_model("articles", "Article")
    name = default_storage.save("articles/2026/01/old.png", io.BytesIO(png_bytes(640, 360)))
    kept = OldArticle.objects.create(
        headline="Old",
        slug="old",
        lead_image=name,
        lead_image_width=640,
        lead_image_height=360,
        lead_image_alt="Alt kept",
        lead_image_caption="Caption kept",
        lead_image_credit="Credit kept",
        lead_image_renditions=[
            {"width": 480, "height": 270, "format": "image/jpeg", "name": "renditions/1/old-480.jpg"}
        ],
    )
    OldArticle.objects.create(headline="Unpictured", slug="unpictured", lead_image_caption="Seed caption")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    article = Article.objects.get(pk=kept.pk)
    image = article.lead_image
    assert (image.file.name, image.width, image.height) == (name, 640, 360)
    assert (image.alt, image.caption, image.credit) == ("Alt kept", "Caption kept", "Credit kept")
    assert (article.lead_image_alt, article.lead_image_caption, article.lead_image_credit) == (
        "Alt kept",
        "Caption kept",
        "Credit kept",
    )
    assert image.renditions == [
        {"crop": "", "width": 480, "height": 270, "format": "image/jpeg", "name": "renditions/1/old-480.jpg"}
    ]
    unpictured = Article.objects.get(slug="unpictured")
    assert unpictured.lead_image is None and unpictured.lead_image_caption == "Seed caption"
    assert Image.objects.count() == 1

    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert "Queued renditions of 1 picture." in out.getvalue()
