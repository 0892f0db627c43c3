"""Turning files into articles.

Each input format has one module that turns bytes into ParsedArticles without touching the database
(scraped_text, wordpress, ninjs, markdown, web_page; formats.py tells them apart by their content);
store.py saves them through the write path, and pictures.py brings the pictures they point at into
the media library. The import_article command is a thin shell over these, with progress.py's display.
"""

from .base import ImportFailed, ParsedArticle

__all__ = ["ImportFailed", "ParsedArticle"]
