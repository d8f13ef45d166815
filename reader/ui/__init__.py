"""Reader's Qt layer: the main window, its panes, item models and actions.

It reads through `reader.library.Library`, writes only through it, and turns the library's
change reports into signals. `run_app` starts the application.
"""

from reader.ui.app import run_app

__all__ = ["run_app"]
