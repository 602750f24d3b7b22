"""Quotebook's widgets, dialogs, Qt item models, actions and undo commands.

Nothing here opens a database session or parses a file: it calls :mod:`services`.
"""
