"""Highlights and notes: the stored annotations and their edits (`records`), the highlight
colours (`colours`), finding a quote again in changed text (`anchoring`, with its bounded
approximate search in `approximate`), writing them out in open formats (`export`: a new
export format goes there), reading W3C Web Annotation files in (`webannotation`, which reads
JSON strictly through `strictjson`), and `Library`'s annotation methods (`methods`)."""
