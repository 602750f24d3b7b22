"""Offline language detection for the languages the import issue names, in news-like prose."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.importing import MetaOverrides, import_file
from services.language import detect_language
from services.library import Library

SAMPLES = {
    "en": "The council will vote next month on whether to rebuild the pier, the mayor said.",
    "ru": "Совет проголосует в следующем месяце о восстановлении пирса, заявила мэр города.",
    "uk": "Рада проголосує наступного місяця щодо відновлення пірсу, заявила мерка міста.",
    "de": "Der Stadtrat stimmt nächsten Monat über den Wiederaufbau der Seebrücke ab, sagte sie.",
    "fr": "Le conseil votera le mois prochain sur la reconstruction de la jetée, dit la maire.",
    "es": "El ayuntamiento votará el próximo mes la reconstrucción del muelle, dijo la alcaldesa.",
    "it": "Il consiglio voterà il mese prossimo sulla ricostruzione del molo, ha detto la sindaca.",
    "pt": "A câmara vai votar no próximo mês a reconstrução do cais, disse a presidente da câmara.",
    "ja": "市議会は来月、桟橋を再建するかどうかを採決すると市長が述べた。",
    "zh": "市长表示，市议会将于下个月就是否重建码头进行表决。",
    "ko": "시장은 시의회가 다음 달 부두 재건 여부를 표결할 것이라고 말했다.",
    "ar": "قالت رئيسة البلدية إن المجلس سيصوت الشهر المقبل على إعادة بناء الرصيف.",
    "he": "ראש העירייה אמרה כי המועצה תצביע בחודש הבא על שיקום המזח.",
}


@pytest.mark.parametrize(("language", "text"), sorted(SAMPLES.items()))
def test_each_language_is_recognised_from_one_sentence(language: str, text: str) -> None:
    assert detect_language(text) == language


def test_too_little_text_gives_no_answer() -> None:
    assert detect_language("") == ""
    assert detect_language("OK 2025") == ""
    assert detect_language("— 12 —") == ""


def test_import_detects_the_language_unless_told(
    library: Library, reference_article: Path, tmp_path: Path
) -> None:
    detected = import_file(library, reference_article)
    assert detected.summary.meta.language == "ru"
    english = tmp_path / "english.txt"
    english.write_text("Headline\n\n" + SAMPLES["en"], encoding="utf-8")
    told = import_file(library, english, MetaOverrides(language="de"))
    assert told.summary.meta.language == "de"
