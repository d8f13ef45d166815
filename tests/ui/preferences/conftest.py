"""Fixtures for the preferences tests: the app's palette put back after a test that gave
the app a theme of its own (the application outlives each test's window)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QGuiApplication, QPalette


@pytest.fixture
def own_app_theme() -> Iterator[None]:
    """The test may set the app's theme; the platform's palette comes back after it."""
    yield
    QGuiApplication.setPalette(QPalette())
