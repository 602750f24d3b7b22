"""Everything Quotebook does: the library, import, and (later) export, search and detection.

The only package that opens a database session. No Qt.
"""
