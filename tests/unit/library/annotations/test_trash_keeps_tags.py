"""A removed highlight keeps its tags in the trash (schema 13), and bringing it back from
Recently Deleted puts them on it again: tags are the user's data too."""

from __future__ import annotations

from reader.library import Library
from reader.library.store.models import AnnotationTrash


def test_restoring_a_deleted_highlight_brings_its_tags_back(library: Library) -> None:
    info = library.add_highlight(1, 0, 12, "pink", "a note")
    library.tag_annotations([info.id], add=["work/project-x", "quote"])
    library.delete_annotation(info.id)
    (entry,) = library.deleted_annotations()
    restored = library.restore_deleted(entry.trash_id)
    assert library.annotation_tags(restored.id) == ("quote", "work/project-x")
    assert {t.name for t in library.tags()} >= {"quote", "work", "work/project-x"}


def test_an_untagged_highlight_comes_back_untagged(library: Library) -> None:
    info = library.add_highlight(1, 0, 12, "yellow")
    library.delete_annotation(info.id)
    (entry,) = library.deleted_annotations()
    assert library.annotation_tags(library.restore_deleted(entry.trash_id).id) == ()


def test_highlights_of_a_removed_article_keep_their_tags_in_the_trash(library: Library) -> None:
    info = library.add_highlight(2, 0, 12, "green")
    library.tag_annotations([info.id], add=["keep"])
    library.remove_articles([2], with_annotations=1)
    assert AnnotationTrash.get(AnnotationTrash.uuid == info.uuid).tags == '["keep"]'
