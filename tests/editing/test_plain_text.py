"""Plain text from markup is what a reader reads (newsroom.text.plain_text): one rule for headlines,
standfirsts, captions, names, tags, summaries and the search document."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsroom.text import plain_text


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("Title <em>With</em> <b>Mark<sup>up</sup></b>", "Title With Markup"),
        ("<strong>Bold</strong>ly <a href='/x'>go</a>ne", "Boldly gone"),
        ("<p>One</p><p>Two</p>", "One Two"),
        ("Line<br>break<br/>s", "Line break s"),
        ("<li>a</li><li>b</li>", "a b"),
        ("<h2>Sub</h2>head", "Sub head"),
        ("Fish &amp;amp; chips", "Fish &amp; chips"),  # entities decoded once, never twice
        ("a &lt;b&gt; c", "a <b> c"),  # an escaped tag is text, not a tag
        ("Caf&eacute; &#8212; &#x2019;", "Café — ’"),
        ("x < y and y > z", "x < y and y > z"),
        ("  many \n\t spaces  ", "many spaces"),
        ("<!-- a note -->Seen<script>var hidden = '<p>';</script> text", "Seen text"),
        ('<a title="a > b">link</a>s', "links"),
        ("<span class='x'>in</span><span>line</span>", "inline"),
        ("", ""),
    ],
)
def test_plain_text_table(markup, text):
    assert plain_text(markup) == text


INLINE = ["em", "strong", "b", "i", "a", "span", "sup", "sub", "small", "mark", "abbr", "code", "u"]
WORD = st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs"], exclude_characters="<>&"), min_size=1)


@st.composite
def inline_tree(draw, depth=0):
    """(markup, the text a reader sees) for a run of words and nested inline elements."""
    parts = draw(st.lists(st.one_of(WORD, st.just("nested")) if depth < 3 else WORD, min_size=1, max_size=4))
    markup, text = [], []
    for part in parts:
        if part == "nested":
            inner_markup, inner_text = draw(inline_tree(depth + 1))
            tag = draw(st.sampled_from(INLINE))
            markup.append(f"<{tag} class='c'>{inner_markup}</{tag}>")
            text.append(inner_text)
        else:
            markup.append(part)
            text.append(part)
    return "".join(markup), "".join(text)


@given(inline_tree())
def test_inline_elements_join_words_as_a_reader_sees_them(tree):
    markup, text = tree
    assert plain_text(markup) == unicodedata.normalize("NFC", " ".join(text.split()))


@given(st.lists(WORD, min_size=2, max_size=5), st.sampled_from(["p", "li", "div", "h3", "blockquote"]))
def test_block_elements_part_words(words, block):
    markup = "".join(f"<{block}>{word}</{block}>" for word in words)
    assert plain_text(markup).split() == unicodedata.normalize("NFC", " ".join(words)).split()
