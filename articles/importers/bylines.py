"""People's names from a byline as news sites write it, in the languages newsrooms we serve write in.

"By Jane Doe and John Roe", "Von Anna Berger, Korrespondentin in Wien", "Por María López | Madrid",
"Teksti: Mikko Virtanen", "记者 张伟 李娜": the words before the names go, a job title or a place after
them goes, and what is left is split into names. What is not a person (an agency, the publication, a
desk, "Staff") is no author: better none than the publication's name on the author page.

In a saved page (in_page), the byline is where microdata, rel="author" or a byline-ish class put it,
else a short line that starts like one, never in the site's furniture (a bio box, a caption, comments).
"""

import re

from newsroom.text import plain_text

# What leads the names: "By", "Von", "Par", "Text:"…, and Chinese credits (记者, 文 and a slash, 撰文).
LEAD = re.compile(
    r"^\s*(?:(?:written|words|reporting|reported|compiled|story|text|photos?\s+and\s+text)\s+by|(?:live\s+)?reporting|"
    r"(?:words|text|texto|teksti|texte)\s+(?:and|und|y|e|et|ja|och)\s+(?:pictures|photos|bilder|bild|fotos|kuvat|photos)|"
    r"words|by|von|por|par|av|af|door|de|"
    r"texto?|teksti|kirjoittanut|text\s+och\s+foto|texte|reportage)\s*[:：]?\s+"
    r"|^\s*(?:本报记者|記者|记者|文\s*[／/:：]|撰文\s*[:：]?|作者\s*[:：]|文字\s*[:：]|采写\s*[:：]?)\s*",
    re.IGNORECASE,
)
# What ends them: a separator before a place, a date or a role ("Jane Doe | Madrid", "… · 4 March"),
# the date line's own words, and a photographer's credit ("Text: A Foto: B").
END = re.compile(
    r"\s+[|•·—–-]\s+|\s*[|•·]\s*|\s*\n|\s+(?:is|est|ist|es|on|är|é)\s+|\s*[（(]|\d"
    r"|\s+(?:published|updated|posted|veröffentlicht|aktualisiert|publicado|actualizado|atualizado|publié|"
    r"mis\s+à\s+jour|julkaistu|päivitetty|publicerad|uppdaterad)\b"
    r"|\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\s+(?:mon|tue|wed|thu|fri|sat|sun)[,.]?\s+\d"
    r"|\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d"
    r"|\s+(?:foto|fotos|photos?|pictures?|bild|bilder|kuva|kuvat|摄影|图片?)\s*[:：]",
    re.IGNORECASE,
)
# A photographer's credit, not a byline.
PHOTO_CREDIT = re.compile(
    r"^\s*(?:foto|fotos|photos?|pictures?|bild|bilder|kuva|kuvat|摄影|图片?)\s*[:：/]", re.IGNORECASE
)
# Words that make a comma's part a role or a place, not another name.
ROLES = re.compile(
    r"\b(?:editor|correspondent|reporter|writer|columnist|journalist|contributor|critic|chief|senior|staff|"
    r"desk|bureau|in|at|for|from|en|à|a|em|i|från|redakteurin|redakteur|korrespondentin|korrespondent|"
    r"reporterin|autorin|autor|periodista|corresponsal|redactora?|enviad[oa]|journaliste|envoyée?|"
    r"correspondante?|rédact(?:eur|rice)|chroniqueu(?:r|se)|spéciale?|jornalista|repórter|correspondente|"
    r"toimittaja|kirjeenvaihtaja|reportteri|redaktör|reportrar|krönikör|fotograf|photographer|photos?)\b",
    re.IGNORECASE,
)
JOINERS = re.compile(
    r"\s*,\s*(?:and\s+|und\s+|et\s+|y\s+|e\s+|och\s+|ja\s+)?|\s+(?:and|und|et|y|e|och|ja|og|en|&)\s+|[、，,和及与與]\s*"
)
# Words no person's name is made of: the credits of desks, agencies and publications.
NOT_PEOPLE = re.compile(
    r"\b(?:staff|wire|press|news|agency|agencia|agence|agentur|redaktion|redacción|rédaction|redação|redacao|"
    r"redaktionen|toimitus|desk|service|media|newsroom|team|editors|bureau|reporters|correspondents|"
    r"nachrichten|noticias|notícias|uutiset|nyheter|online|digital|daily|times|post|courier|herald|gazette|"
    r"board|editorial|leader|opinion)\b",
    re.IGNORECASE,
)
PARTICLES = {"de", "da", "do", "dos", "das", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den",
             "ter", "zu", "af", "al", "bin", "ibn", "y", "e", "st."}  # fmt: skip
HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff·]{2,4}$")
MAX_NAME_WORDS = 5


def names(byline: str, *, not_people=()) -> list[str]:
    """The people a byline names, in order; `not_people` are names known to be the publication's."""
    text = plain_text(byline).strip(" :：（）()【】[]")
    if PHOTO_CREDIT.match(text):
        return []
    text = LEAD.sub("", text, count=1)
    text = END.split(text, maxsplit=1)[0]
    found = []
    parts = [part for part in JOINERS.split(text) if part and part.strip()]
    for part in parts:
        part = part.strip(" .:;")
        if ROLES.search(part) and found:
            continue  # "Jane Doe, Science Editor, and John Roe": a role is about the name before it
        found.extend(_people(part))
    unwanted = {name.casefold() for name in not_people if name}
    return list(dict.fromkeys(name for name in found if name.casefold() not in unwanted))


def _people(part):
    """The names in one part: a name, or (Chinese) several names parted by spaces."""
    words = part.split()
    if words and all(HAN.match(word) for word in words):
        return words
    if looks_like_a_name(part):
        return [part]
    return []


def looks_like_a_name(text: str) -> bool:
    """A person's name as bylines write it: two to five words, each capitalised or a particle."""
    words = text.split()
    if HAN.match(text):
        return True
    if not 2 <= len(words) <= MAX_NAME_WORDS or NOT_PEOPLE.search(text) or ROLES.search(text):
        return False
    capitalised = [word for word in words if word.lower() not in PARTICLES]
    return bool(capitalised) and all(
        word[0].isupper() and not any(character.isdigit() for character in word) for word in capitalised
    )


# In a page: where the byline is.

# Where a heading or a byline is the site's, not the story's.
FURNITURE = re.compile(r"logo|brand|site-?(?:title|name)|masthead|navbar|menu|footer|sidebar|related|teaser|promo|"
                       r"comment|newsletter|widget|rail|most-?read|bio|about-?the-?author|author-?box|card")  # fmt: skip
# Where pages put their byline: microdata and rel first, then the classes CMSs give it ("firma",
# "signature" and "auteur" are Spanish, French and Nordic newsrooms' names for it).
BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or contains(@class, 'byline') or contains(@class, 'Byline')"
    " or contains(@class, 'author') or contains(@class, 'Author') or contains(@class, 'auteur')"
    " or contains(@class, 'autor') or contains(@class, 'writer') or contains(@data-testid, 'uthor')"
    " or contains(@class, 'firma') or contains(@class, 'signature') or contains(@class, 'signatur')"
    " or contains(@class, 'toimittaja') or contains(@class, 'skribent') or contains(@class, 'medverkande')"
    " or contains(@class, 'reporter')]"
)
# Short elements that may be a byline without saying so in their class ("By A, B and C").
LINE_XPATH = "//body//*[self::p or self::div or self::span or self::address or self::small or self::li]"
BYLINE_LENGTH = 160


def in_page(document, site_names):
    """The people the page's byline names, as a reader sees it near the headline (`document` is lxml's)."""
    marked = [element for element in document.xpath(BYLINE_XPATH) if not furniture(element)]
    for element in marked:
        # Several authors are often marked one by one in one line ("<span class=author>A</span> and …").
        group = [other for other in marked if other.getparent() is element.getparent()]
        found = [name for other in group for name in _byline_names(other, site_names)]
        if found:
            return list(dict.fromkeys(found))
    for element in document.xpath(LINE_XPATH):
        if not _leads_a_byline(element) or furniture(element):
            continue
        # The innermost element with the line: its parent may run on into a place and a date.
        while (inner := next((child for child in element if _leads_a_byline(child)), None)) is not None:
            element = inner
        if found := names(_spaced_text(element), not_people=site_names):
            return found
    return []


def _leads_a_byline(element):
    text = _spaced_text(element).lstrip("（(【[ ")
    return len(text) <= BYLINE_LENGTH and bool(LEAD.match(text))


def _spaced_text(element):
    """The element's text with its parts spaced: "<a>Zoë Lefèvre</a><time>Friday</time>" is two things."""
    return " ".join(" ".join(element.itertext()).split()) if isinstance(element.tag, str) else ""


def _byline_names(element, site_names):
    named = element.xpath(".//*[@itemprop='name']")
    if named or element.get("itemprop") == "author":
        texts = [node.text_content() for node in named] or [element.text_content()]
        return [name for text in texts for name in _name_or_names(text, site_names)]
    return names(_spaced_text(element), not_people=site_names)


def _name_or_names(text, site_names):
    """A name microdata marks as one (itemprop=name), or the byline written in it."""
    text = plain_text(text)
    if looks_like_a_name(text) and text.casefold() not in site_names:
        return [text]
    return names(text, not_people=site_names)


def furniture(element):
    """Whether the element sits in the site's furniture (a bio box, a comment, a caption, the footer).
    An element that says it is the author (microdata, rel) is judged by where it sits, not its class."""
    said = element.get("itemprop") == "author" or element.get("rel") == "author"
    for node in (*((element,) if not said else ()), *element.iterancestors()):
        if not isinstance(node.tag, str):
            continue
        if node.tag in ("figure", "figcaption", "footer", "nav", "aside"):
            return True
        if FURNITURE.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False
