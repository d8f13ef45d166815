"""Fetching over HTTP(S) and reading web pages; no Qt."""
