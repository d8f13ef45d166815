"""The IPTC topics: the rule-based classifier and its TOML rules (`rules`), and `Library`'s
topic methods (`methods`): the user's own topic choices and re-classifying."""
