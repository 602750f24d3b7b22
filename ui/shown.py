"""How the app tells a benchmark that its window is up (kept free of Qt, so a bare probe can
import it without paying for the app).

With :data:`QUIT_WHEN_SHOWN` set in the environment, :func:`ui.app.run_app` quits as soon as its
first window is drawn, after printing :data:`SHOWN` on stdout: ``benchmarks/scale.py`` times a
cold start from outside the process that way.
"""

QUIT_WHEN_SHOWN = "QUOTEBOOK_QUIT_WHEN_SHOWN"
SHOWN = "quotebook: window shown"
