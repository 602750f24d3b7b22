"""Quotebook's command line: the same library as the window, for scripts, tests and terminals.

Nothing here imports Qt; the window is started lazily only when no command is given.
"""
