"""Getting articles into the library: files are decoded (`decoding`), parsed by their format
(`formats/`: seed, text, markdown, html, each into `draft.Draft`s made of `blocks`), read and
classified in worker processes (`preparing`), then written, or matched to the articles they
update (`updating`), by the `importer`, which reports what it did (`report`). `prose` holds
the plain-text helpers (datelines, derived titles, word counts, reading time, excerpts).
A new import format is a new module in `formats/`; feeds and web pages would come in here."""
