"""Child processes for the window figures: ``python -m benchmarks.window_probe MODE …``.

A cold start and a memory high-water mark can only be measured from a process of their own.
The cold start itself runs the real launcher (``python main.py --library X`` with
:data:`ui.shown.QUIT_WHEN_SHOWN` set); this module supplies the rest:

- ``empty``: the floor for a cold start and for memory: Python, Qt and an empty main window,
  drawn once, and nothing of Quotebook's. It prints :data:`ui.shown.SHOWN` when drawn, then its
  memory figure.
- ``memory LIBRARY QUERIES.json``: the app as :func:`ui.app.run_app` builds it, on a large
  library; once the window is drawn it runs the searches in the file (as the search box would),
  shows the all-quotes view (the largest list there is), and reports its peak resident memory.

Each mode prints one JSON line last: ``{"peak_memory_mb": …}``.
"""

from __future__ import annotations

import json
import resource
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from ui.shown import SHOWN


def peak_memory_mb() -> float:
    """This process's resident-set high-water mark.

    On Linux ``VmHWM`` is read: ``ru_maxrss`` survives ``exec`` there, so a child would report
    its parent's size at ``fork`` when that was larger (the harness is larger than an empty
    window). Elsewhere ``ru_maxrss`` (kilobytes, or bytes on macOS).
    """
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def _report() -> None:
    print(json.dumps({"peak_memory_mb": round(peak_memory_mb(), 1)}), flush=True)


def empty() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1340, 820)
    window.show()

    def shown() -> None:
        window.repaint()
        print(SHOWN, flush=True)
        app.quit()

    QTimer.singleShot(0, shown)
    app.exec()
    _report()
    return 0


def memory(location: str, queries_file: str) -> int:
    from services.library import Library  # noqa: PLC0415
    from ui.app import application  # noqa: PLC0415 - the floor must not pay for these
    from ui.bridge import LibraryBridge  # noqa: PLC0415
    from ui.main_window import MainWindow  # noqa: PLC0415
    from ui.settings import Settings  # noqa: PLC0415

    queries: list[str] = json.loads(Path(queries_file).read_text(encoding="utf-8"))
    app = application()
    library = Library.open(location)
    window = MainWindow(LibraryBridge(library), Settings(QSettings()))
    window.show()

    def work() -> None:
        window.repaint()
        print(SHOWN, flush=True)
        for query in queries:
            library.search.search(query)
        window.show_all_quotes()
        window.repaint()
        app.quit()

    QTimer.singleShot(0, work)
    try:
        app.exec()
    finally:
        library.close()
    _report()
    return 0


def main(argv: Sequence[str]) -> int:
    if argv[:1] == ["empty"]:
        return empty()
    if argv[:1] == ["memory"] and len(argv) == 3:
        return memory(argv[1], argv[2])
    print("usage: python -m benchmarks.window_probe (empty | memory LIBRARY QUERIES.json)")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
