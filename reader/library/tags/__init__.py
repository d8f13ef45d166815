"""Tags: the user's own names for articles and highlights, nested with `/` (`names` checks
them, `records` reads and writes them, `methods` is `Library`'s mixin)."""
