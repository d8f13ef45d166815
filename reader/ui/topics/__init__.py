"""What the topics learned from the user, in the window: learning again after a choice,
re-classifying every article, forgetting, and saying why an article has its topics."""
