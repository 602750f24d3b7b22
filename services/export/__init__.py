"""Exports: what the editor and the fact-checker see.

Two kinds of document leave Quotebook: the annotated PDF of one article (:mod:`.annotated`) and
citation lists of any selection of quotes (:mod:`.citations`), plus the sources themselves as
CSL-JSON, BibTeX and RIS (:mod:`.sources`). Citation styles go through a CSL engine
(:mod:`.citeproc`). Everything here is plain Python with no Qt, so the CLI, the app and the
benchmarks share it.
"""
