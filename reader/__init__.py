"""Reader: a keyboard-first desktop reader for a library of news articles."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reader-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

APP_NAME = "Reader"
APP_ID = "reader-desktop"
