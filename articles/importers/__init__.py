"""Turning files into articles.

Each input format has one module that turns bytes into a ParsedArticle without touching the database;
store.py saves a ParsedArticle. The import_article command is a thin shell over both.
"""

from .base import ImportFailed, ParsedArticle

__all__ = ["ImportFailed", "ParsedArticle"]
