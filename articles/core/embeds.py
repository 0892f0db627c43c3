"""Embeds from a URL: which providers' videos, posts, audio and maps an article may show, and the
address of each one's player.

Readers get a placeholder first (body_media.py); the provider's frame loads only when they click,
so that opening an article tells no third party anything.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit


@dataclass(frozen=True)
class Embed:
    url: str  # what the editor pasted: the placeholder links to it
    provider: str
    kind: str  # "video", "post", "audio" or "map": what the placeholder calls it
    frame: str  # the player's address, loaded on a click
    tall: bool = False  # posts and vertical videos need height more than width


def _youtube(parts):
    host, path = parts.netloc, parts.path
    if host.endswith("youtu.be"):
        video = path.strip("/")
    elif path == "/watch":
        video = parse_qs(parts.query).get("v", [""])[0]
    else:
        found = re.fullmatch(r"/(?:shorts|embed|live)/([\w-]+)/?", path)
        video = found.group(1) if found else ""
    if re.fullmatch(r"[\w-]{6,20}", video or ""):
        return "video", f"https://www.youtube-nocookie.com/embed/{video}", path.startswith("/shorts/")
    return None


def _vimeo(parts):
    found = re.fullmatch(r"/(?:video/)?(\d+)/?", parts.path)
    return ("video", f"https://player.vimeo.com/video/{found.group(1)}?dnt=1", False) if found else None


def _x(parts):
    found = re.fullmatch(r"/\w+/status/(\d+)/?", parts.path)
    if found:
        return "post", f"https://platform.twitter.com/embed/Tweet.html?id={found.group(1)}&dnt=true", True
    return None


def _instagram(parts):
    found = re.fullmatch(r"/(p|reel)/([\w-]+)/?", parts.path)
    return ("post", f"https://www.instagram.com/{found[1]}/{found[2]}/embed", True) if found else None


def _tiktok(parts):
    found = re.fullmatch(r"/@[\w.-]+/video/(\d+)/?", parts.path)
    return ("video", f"https://www.tiktok.com/embed/v2/{found.group(1)}", True) if found else None


def _facebook(parts):
    if re.search(r"/(posts|videos|photos)/|/permalink\.php|/watch/?$", parts.path):
        url = quote(parts.geturl(), safe="")
        return "post", f"https://www.facebook.com/plugins/post.php?href={url}", True
    return None


def _spotify(parts):
    found = re.fullmatch(r"/(track|album|playlist|episode|show)/(\w+)/?", parts.path)
    return ("audio", f"https://open.spotify.com/embed/{found[1]}/{found[2]}", False) if found else None


def _soundcloud(parts):
    if parts.path.count("/") >= 2:
        return "audio", f"https://w.soundcloud.com/player/?url={quote(parts.geturl(), safe='')}", False
    return None


def _openstreetmap(parts):
    found = re.search(r"map=(\d+)/(-?[\d.]+)/(-?[\d.]+)", parts.fragment)
    query = parse_qs(parts.query)
    if found:
        zoom, lat, lon = int(found[1]), float(found[2]), float(found[3])
    elif "mlat" in query and "mlon" in query:
        zoom, lat, lon = 15, float(query["mlat"][0]), float(query["mlon"][0])
    else:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    span = 360 / 2 ** min(max(zoom, 1), 19)  # the map's width in degrees at that zoom
    box = f"{lon - span:.5f},{lat - span / 2:.5f},{lon + span:.5f},{lat + span / 2:.5f}"
    return (
        "map",
        f"https://www.openstreetmap.org/export/embed.html?bbox={box}&marker={lat:.5f},{lon:.5f}",
        False,
    )


def _google_maps(parts):
    if not parts.path.startswith("/maps"):
        return None
    place = re.search(r"/place/([^/]+)", parts.path)
    spot = re.search(r"/@(-?[\d.]+),(-?[\d.]+)", parts.path)
    if place:
        where = place.group(1)
    elif spot:
        where = f"{spot[1]},{spot[2]}"
    elif "q" in parse_qs(parts.query):
        where = quote(parse_qs(parts.query)["q"][0])
    else:
        return None
    return "map", f"https://maps.google.com/maps?q={where}&output=embed", False


# (provider, hosts it answers on, reader of its URLs)
PROVIDERS = (
    ("YouTube", ("youtube.com", "youtu.be", "youtube-nocookie.com"), _youtube),
    ("Vimeo", ("vimeo.com",), _vimeo),
    ("X", ("x.com", "twitter.com"), _x),
    ("Instagram", ("instagram.com",), _instagram),
    ("TikTok", ("tiktok.com",), _tiktok),
    ("Facebook", ("facebook.com",), _facebook),
    ("Spotify", ("open.spotify.com",), _spotify),
    ("SoundCloud", ("soundcloud.com",), _soundcloud),
    ("OpenStreetMap", ("openstreetmap.org",), _openstreetmap),
    ("Google Maps", ("google.com", "maps.google.com"), _google_maps),
)


def embed_for(url):
    """The Embed a URL stands for, or None when it is not a video, post, audio or map we know."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.hostname or ""
    for provider, hosts, reader in PROVIDERS:
        if any(host == known or host.endswith("." + known) for known in hosts):
            try:
                found = reader(parts)
            except ValueError:
                return None
            if found:
                kind, frame, tall = found
                return Embed(url.strip(), provider, kind, frame, tall)
    return None
