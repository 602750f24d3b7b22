"""Quotebook's speed harness: measured figures, never asserted in the test run.

``python -m benchmarks`` runs every benchmark; each one is also a module of its own
(``python -m benchmarks.import_speed``). A benchmark exposes ``run(...)`` returning its figures
under plain JSON names (``import_txt_files_per_s``…), with the floor measured in the same run
beside each figure where one exists, so the harness can gather them into one report.
"""
