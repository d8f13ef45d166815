"""Subscriptions to feeds: parsing them, finding them, exchanging them as OPML, refreshing them
into articles."""
