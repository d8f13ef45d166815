"""Numbered schema migrations, applied in order by `reader.library.store.db`.

Each `NNNN_name.py` defines `up(migrator, db)` with a frozen copy of the tables it touches, so
that an old migration never changes when the application's models do. Never edit a migration
that has shipped: add a new one.
"""
