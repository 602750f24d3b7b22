"""German: reporting verbs (present and past), "laut"/"zufolge", pronouns, roles."""

from __future__ import annotations

import re

from services.detection.lexicon import Cues, Gender, words

CUES = Cues(
    language="de",
    verbs=words(
        "sagte sagt sagten sagen erklärte erklärt erklärten betonte betont betonten meinte"
        " meint kritisierte kritisiert warnte warnt berichtete berichtet ergänzte ergänzt"
        " erläuterte erläutert unterstrich unterstreicht forderte fordert räumte fügte fügt"
        " teilte teilt versicherte versichert bekräftigte bekräftigt antwortete antwortet"
        " fragte fragt schrieb schreibt verkündete verkündet kündigte betonten sagte,"
        " stellte stellt mahnte mahnt beklagte beklagt so"
    ),
    phrases=("fügte hinzu", "fügte er hinzu", "fügte sie hinzu", "teilte mit", "räumte ein"),
    bare_clause_verbs=words("sagte sagt erklärte erklärt betonte betont meinte meint"),
    complementizers=words("dass daß"),
    according=(
        re.compile(r"\b[Ll]aut (?P<who>[^,.;:]+)"),
        re.compile(r"(?P<who>[A-ZÄÖÜ][^,.;:]*?) zufolge\b"),
    ),
    pronouns={"er": Gender.MALE, "sie": Gender.FEMALE},
    titles={"herr": Gender.MALE, "frau": Gender.FEMALE, "dr": None, "prof": None},
    roles=words(
        "bürgermeister bürgermeisterin kanzler kanzlerin minister ministerin präsident"
        " präsidentin trainer trainerin richter richterin sprecher sprecherin chef chefin"
        " vorsitzende vorsitzender direktor direktorin staatsanwalt staatsanwältin"
        " oberbürgermeister oberbürgermeisterin geschäftsführer geschäftsführerin"
    ),
    not_names=words(
        "Der Die Das Ein Eine Und Aber Oder Wenn In Im Am An Auf Aus Bei Mit Nach Von Vor Zu Zum"
        " Zur Für Über Unter Es Er Sie Wir Ich Ihr Man Auch Noch Doch Dann Als Wie So Laut"
        " Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Herr Frau Dr Prof Stadt"
    ),
    name_particles=words("von van de der zu"),
)
