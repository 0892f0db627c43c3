"""The page cache under load: a hot answer is answered from this process's copy after one small
round trip to the shared cache, never once it is retired; and a retired answer that many readers
ask for at once is rendered once."""

import threading
import time

import pytest
from django.core.cache import cache
from django.http import HttpResponse

from articles.core import pagecache
from articles.core.pagecache import CLOCK_KEY, VERSION_KEY
from articles.public.middleware import PageCacheMiddleware

pytestmark = pytest.mark.django_db


class Counting:
    """The shared cache, as another server would be: every get_many's keys recorded. (Not a
    local-memory cache object, so the middleware keeps hot copies in front of it.)"""

    def __init__(self, inner):
        self.inner, self.asked = inner, []

    def get_many(self, keys):
        self.asked.append(list(keys))
        return self.inner.get_many(keys)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def story_view(texts, pause=0.0):
    """A view showing article 1 (tag a1) with the newest of `texts`; each render is counted."""
    renders = []

    def view(request):
        renders.append(request)
        time.sleep(pause)
        response = HttpResponse(texts[-1])
        return pagecache.shows(response, pagecache.article_tag(1))

    return view, renders


def test_a_hot_answer_costs_one_small_round_trip(rf):
    shared = Counting(cache)
    view, renders = story_view(["First edition"])
    middleware = PageCacheMiddleware(view, cache=shared)
    middleware(rf.get("/story/"))  # rendered and stored
    middleware(rf.get("/story/"))  # from the shared cache, and kept here
    shared.asked.clear()
    response = middleware(rf.get("/story/"))
    assert response.content == b"First edition" and len(renders) == 1
    assert len(shared.asked) == 1, "one round trip"
    assert set(shared.asked[0]) == {VERSION_KEY, CLOCK_KEY}, "the page never travels, nor its tags"
    assert response.has_header("Age")


def test_a_retired_hot_answer_is_never_answered(rf):
    texts = ["First edition"]
    view, renders = story_view(texts)
    middleware = PageCacheMiddleware(view, cache=Counting(cache))
    for _ in range(3):
        middleware(rf.get("/story/"))
    texts.append("Second edition")
    pagecache.retire({pagecache.article_tag(1)})
    assert middleware(rf.get("/story/")).content == b"Second edition" and len(renders) == 2
    # Everything at once (a deploy's or the menu's change) retires the copies too.
    texts.append("Third edition")
    pagecache.bump_version()
    assert middleware(rf.get("/story/")).content == b"Third edition"


def test_an_unrelated_retirement_keeps_the_hot_answer(rf):
    view, renders = story_view(["First edition"])
    middleware = PageCacheMiddleware(view, cache=Counting(cache))
    for _ in range(3):
        middleware(rf.get("/story/"))
    pagecache.retire({pagecache.article_tag(2)})
    middleware(rf.get("/story/"))
    assert len(renders) == 1


def test_twenty_readers_of_a_just_retired_page_make_one_render(rf):
    texts = ["First edition"]
    view, renders = story_view(texts, pause=0.3)
    middleware = PageCacheMiddleware(view)
    middleware(rf.get("/story/"))
    texts.append("Second edition")
    pagecache.retire({pagecache.article_tag(1)})
    renders.clear()

    start, answers = threading.Barrier(20), []

    def read():
        start.wait()
        answers.append(middleware(rf.get("/story/")).content)

    readers = [threading.Thread(target=read) for _ in range(20)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=30)
    assert len(renders) == 1
    assert answers == [b"Second edition"] * 20


def test_a_render_that_is_not_stored_lets_the_waiting_readers_render(rf, settings):
    settings.PAGE_CACHE_RENDER_WAIT_SECONDS = 5
    calls, private = [], []

    def view(request):
        calls.append(request)
        if not private:
            return pagecache.shows(HttpResponse("public"), pagecache.article_tag(1))
        time.sleep(0.2)
        return HttpResponse("private now", headers={"Cache-Control": "private"})

    middleware = PageCacheMiddleware(view)
    middleware(rf.get("/story/"))  # stored
    private.append(True)
    pagecache.retire({pagecache.article_tag(1)})
    start, done = threading.Barrier(3), []

    def read():
        start.wait()
        began = time.monotonic()
        assert middleware(rf.get("/story/")).content == b"private now"
        done.append(time.monotonic() - began)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=30)
    assert len(calls) == 1 + 3 and len(done) == 3
    assert max(done) < 2, "nobody waited out the whole wait"


def test_a_page_never_cached_is_never_locked(rf):
    """Concurrent readers of an answer that was never stored (a view the cache does not keep) are
    not made to wait for one another."""
    calls = []

    def slow(request):
        calls.append(request)
        time.sleep(0.3)
        return HttpResponse("private", headers={"Cache-Control": "private"})

    middleware = PageCacheMiddleware(slow)
    start, done = threading.Barrier(4), []

    def read():
        start.wait()
        began = time.monotonic()
        middleware(rf.get("/private/"))
        done.append(time.monotonic() - began)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=30)
    assert len(calls) == 4 and max(done) < 0.3 * 4 * 0.8, "they ran side by side"
