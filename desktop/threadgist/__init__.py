"""Threadgist: read long discussion threads so people don't have to."""

__version__ = "0.2.0"
