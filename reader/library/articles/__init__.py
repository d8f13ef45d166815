"""Articles as the reader sees them: the views of the list and their rows read in pages
(`views`), and `Library`'s article reads and writes (`methods`): one article in full, the
sidebar's counts, read and bookmarked marks, scroll positions, removing articles."""
