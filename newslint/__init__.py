"""newslint: an editorial house-style and compliance linter for news articles."""

__version__ = "0.1.0"
