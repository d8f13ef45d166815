"""The IPTC topics: the rule-based classifier and its TOML rules (`rules`), what is learned from
the user's own choices (`learning`), the two combined as the library's classifier
(`classifier`), and `Library`'s topic methods (`methods`): the user's own topic choices,
learning from them, explaining and re-classifying."""
