"""Feeds and saved pages in the window: subscribing, refreshing on a schedule off the GUI
thread with progress and a way to stop, saving pages by URL (typed, pasted or dropped), and
the sidebar's feed menu."""
