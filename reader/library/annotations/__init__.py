"""Highlights and notes: the stored annotations and their edits (`records`), the highlight
colours (`colours`), finding a quote again in changed text (`anchoring`), writing them out in
open formats (`export`: a new export format goes there), reading W3C Web Annotation files in
(`webannotation`), and `Library`'s annotation methods (`methods`)."""
