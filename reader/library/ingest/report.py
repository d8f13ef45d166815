"""What an import did, per file and in total, for the window, the CLI and `--json`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["imported", "updated", "unchanged", "duplicate", "failed", "skipped"]
LINK_OUT = "a symbolic link that leads out of the folder"  # how such a skip's reason starts


@dataclass(slots=True)
class FileResult:
    """What happened to one file. `updated`: articles changed in place; `reanchored` and
    `orphaned`: their annotations placed again or not found; `kept`: articles no longer in
    the file, kept in the library; `warnings`: one line each for what was not read as it
    stands (text left out past a cap, Markdown kept as plain text, a name shown escaped),
    whatever the status."""

    path: str
    status: Status
    added: list[int] = field(default_factory=list)
    duplicates: int = 0
    reason: str | None = None
    updated: list[int] = field(default_factory=list)
    reanchored: int = 0
    orphaned: int = 0
    kept: int = 0
    warnings: list[str] = field(default_factory=list)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' * (count != 1)}"


@dataclass(slots=True)
class ImportReport:
    """The outcome of one import call; `added_ids` are the new articles."""

    files: list[FileResult] = field(default_factory=list)
    cancelled: bool = False

    @property
    def added_ids(self) -> list[int]:
        return [aid for f in self.files for aid in f.added]

    @property
    def updated_ids(self) -> list[int]:
        return [aid for f in self.files for aid in f.updated]

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def skipped(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "skipped"]

    @property
    def warned(self) -> list[FileResult]:
        """The files with warnings (each says what of the file was not read as it stands)."""
        return [f for f in self.files if f.warnings]

    @property
    def duplicates(self) -> int:
        return sum(f.duplicates for f in self.files)

    @property
    def unchanged(self) -> int:
        return sum(1 for f in self.files if f.status == "unchanged")

    def total(self, name: str) -> int:
        """The sum of a per-file count: reanchored, orphaned or kept."""
        return sum(int(getattr(f, name)) for f in self.files)

    def summary(self) -> str:
        """One line for people: "Imported 4 articles from 1 file; 0 duplicates; ..."."""
        files = sum(1 for f in self.files if f.added)
        text = (
            f"Imported {_plural(len(self.added_ids), 'article')} from {_plural(files, 'file')}; "
            f"{_plural(self.duplicates, 'duplicate')}; {self.unchanged:,} unchanged; "
            f"{len(self.failed):,} failed."
        )
        if self.updated_ids:
            text += f" Updated {_plural(len(self.updated_ids), 'article')}"
            text += f" ({_plural(self.total('reanchored'), 'annotation')} re-anchored, "
            text += f"{self.total('orphaned'):,} orphaned)."
        if self.total("kept"):
            text += f" Kept {_plural(self.total('kept'), 'article')} no longer in their files."
        links = sum(1 for f in self.skipped if (f.reason or "").startswith(LINK_OUT))
        if len(self.skipped) > links:
            text += f" Skipped {_plural(len(self.skipped) - links, 'file')} of other types."
        if links:
            text += f" Skipped {_plural(links, 'symbolic link')} that lead out of the folder."
        if self.warned:
            text += f" {_plural(len(self.warned), 'file')} with warnings."
        return text + (" Cancelled." if self.cancelled else "")
