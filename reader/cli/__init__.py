"""The `reader` command line: `main` is the entry point (`reader.cli:main`).

One module per area: `main` (the parser, dispatch and the one-line `reader: …` errors),
`articles`, `search`, `annotations` and `desktop` (`reader install-desktop`), sharing
`common`. Each calls the library through its front door, `reader.library`, only.
"""

from reader.cli.main import main

__all__ = ["main"]
