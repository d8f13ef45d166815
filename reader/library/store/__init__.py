"""Where the library lives: the SQLite file (opening, checking, migrating: `db`), its tables
(`models`), the numbered schema `migrations/`, the library's `identity`, and Reader's other
files (`files`: bundled resources, user directories, atomic writes)."""
