"""DOCX, ODT, RTF, EPUB and e-mail through the import service: stored exactly, with their
metadata; every failure one line naming the file, and the library unchanged by it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from services.errors import ImportFailedError
from services.importers import read_document
from services.importing import import_file, import_files
from services.library import Library
from services.progress import TaskContext
from tests.services.dump import dump_tables
from tests.services.office_fixtures import (
    SAMPLES,
    entity_bomb,
    make_docx,
    make_eml,
    make_epub,
    make_odt,
    make_rtf,
    patch_central_directory,
    rezip,
    rtf_escape,
    xhtml,
)

GERMAN = SAMPLES["de"]
JAPANESE = SAMPLES["ja"]

#: One good file of each kind, and what it must give: paragraphs (the first is the title),
#: authors, CSL type. Each is dated 5 March 2024.
GOOD: dict[str, Callable[[], bytes]] = {
    "bericht.docx": lambda: make_docx(
        GERMAN, title=GERMAN[0], author="Anna Schmidt", created=datetime(2024, 3, 5)
    ),
    "kaiken.odt": lambda: make_odt(
        JAPANESE, title=JAPANESE[0], creator="山田太郎", created="2024-03-05T09:00:00"
    ),
    "interview.rtf": lambda: make_rtf(
        SAMPLES["ru"],
        info="{\\title "
        + rtf_escape(SAMPLES["ru"][0])
        + "}{\\author "
        + rtf_escape("Анна Иванова")
        + "}"
        "{\\creatim\\yr2024\\mo3\\dy5}",
    ),
    "kitab.epub": lambda: make_epub(
        [xhtml(SAMPLES["ar"])],
        metadata=f"<dc:title>{SAMPLES['ar'][0]}</dc:title><dc:creator>Ahmed Hassan</dc:creator>"
        "<dc:date>2024-03-05</dc:date><dc:language>ar</dc:language>"
        "<dc:publisher>Dar Example</dc:publisher>",
    ),
    "release.eml": lambda: make_eml(
        "\n\n".join(GERMAN[1:]),
        subject=GERMAN[0],
        sender="Anna Schmidt <presse@example.de>",
        date="Tue, 05 Mar 2024 10:00:00 +0100",
    ),
}
EXPECTED = {
    "bericht.docx": (GERMAN, ("Anna Schmidt",), "article-newspaper"),
    "kaiken.odt": (JAPANESE, ("山田太郎",), "article-newspaper"),
    "interview.rtf": (SAMPLES["ru"], ("Анна Иванова",), "article-newspaper"),
    "kitab.epub": (SAMPLES["ar"], ("Ahmed Hassan",), "book"),
    "release.eml": (GERMAN, ("Anna Schmidt",), "personal_communication"),
}


@pytest.mark.parametrize("name", list(GOOD))
def test_each_format_is_stored_exactly_with_its_metadata(
    library: Library, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(GOOD[name]())
    paragraphs, authors, csl_type = EXPECTED[name]
    info = library.articles.get(import_file(library, path).summary.id)
    body = paragraphs[1:] if name.endswith(".eml") else paragraphs
    assert info.text == "\n\n".join(body)
    assert info.meta.title == paragraphs[0]
    assert info.meta.authors == authors
    assert info.meta.published == date(2024, 3, 5)
    assert info.meta.csl_type == csl_type
    assert info.summary.source_name == name
    if name.endswith(".epub"):
        assert info.meta.outlet == "Dar Example"
        assert info.meta.language == "ar"


def test_importing_the_same_file_twice_gives_identical_text(
    library: Library, tmp_path: Path
) -> None:
    for name, build in GOOD.items():
        path = tmp_path / name
        path.write_bytes(build())
        first = import_file(library, path)
        again = import_file(library, path)
        assert again.summary.id == first.summary.id
        assert not again.created


HOSTILE: dict[str, Callable[[], bytes]] = {
    "truncated.docx": lambda: make_docx(["Text"])[:500],
    "not-a-zip.docx": lambda: b"I am plain text wearing a .docx name",
    "encrypted.docx": lambda: (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le")
    ),
    "bomb.docx": lambda: patch_central_directory(
        rezip(make_docx(["Text"]), {"word/media/x.bin": b"\0" * 4096}),
        "word/media/x.bin",
        size=1536 * 1024 * 1024,
    ),
    "laughs.odt": lambda: rezip(
        make_odt(["Text"]), {"content.xml": entity_bomb("office:document-content").encode()}
    ),
    "escape.epub": lambda: rezip(make_epub([xhtml(["x"])]), {"../../escape.txt": b"x"}),
    "drm.epub": lambda: make_epub([xhtml(["x"])], extra={"META-INF/rights.xml": b"<r/>"}),
    "garbage.rtf": lambda: b"\x89PNG\r\n\x1a\n\x00\x00",
    "headless.eml": lambda: b"\x00\x00\x00",
    "empty.odt": lambda: b"",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_fails_in_one_line_and_changes_nothing(
    library: Library, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(HOSTILE[name]())
    before = dump_tables(library.engine)
    with pytest.raises(ImportFailedError) as caught:
        import_file(library, path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    assert caught.value.reason
    assert dump_tables(library.engine) == before
    with pytest.raises(ImportFailedError):
        read_document(path)


def test_a_batch_of_every_format_imports_the_good_and_reports_the_broken(
    library: Library, tmp_path: Path
) -> None:
    paths = []
    for name, build in GOOD.items():
        path = tmp_path / name
        path.write_bytes(build())
        paths.append(path)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(make_docx(["Text"])[:-200])
    paths.insert(2, broken)
    reports: list[tuple[int, int, str]] = []

    class Recorder(TaskContext):
        def report(self, done: int, total: int, message: str = "") -> None:
            reports.append((done, total, message))
            super().report(done, total, message)

    result = import_files(library, paths, context=Recorder())
    assert len(result.created) == len(GOOD)
    assert [failure.source for failure in result.failures] == [str(broken)]
    assert result.failures[0].reason == "damaged or not a DOCX file"
    assert not result.cancelled
    assert reports[-1] == (len(paths), len(paths), "")
    titles = {summary.title for summary in library.articles.list()}
    assert titles == {paragraphs[0] for paragraphs, _authors, _type in EXPECTED.values()}
