"""The 200 search queries the search figure times: what journalists type, in its proportions.

Plain words dominate (English and Russian, inflected as a sentence would have them), then
filters (``speaker:``, ``tag:``, ``outlet:``, ``kind:``, ``before:``/``after:``), phrases in
every kind of quotation mark, prefixes, exclusions, names typed without their accents, and
misspellings (which find little or nothing, and must cost no more for it). Speaker, tag and
outlet values come from the generated library, the busiest first, so filters match something.
The list depends only on the library's size, never on chance.
"""

from __future__ import annotations

from itertools import cycle, islice

from benchmarks.newsroom import Newsroom

ENGLISH = (
    "pier", "tariffs", "hospital", "flood", "budget", "minister", "ministers", "council",
    "residents", "protesters", "spending", "taxes", "airport", "rent", "steel", "fares",
    "reconstruction", "harbour", "regulator", "estimate", "analysts", "pier minister",
    "fuel tax", "hospital wing", "school funding", "flood defences", "rent controls",
    "airport expansion", "council vote", "said", "tariffs steel imported", "spokesperson",
    "delayed disputes", "documents seen", "generation investment", "fantasy expensive",
)  # fmt: skip
RUSSIAN = (
    "причал", "причала", "налог", "налоги", "тарифы", "больницы", "министр", "министра",
    "мэра", "аэропорта", "дамбы", "пошлины", "сталь", "расходы", "аналитики", "протестующие",
    "реконструкция причала", "налог на топливо", "жители", "набережной", "Токаеву",
    "Петровой", "финансирование школ", "пресс-службе", "заявление", "стоимость",
)  # fmt: skip
PHRASES = (
    '"fuel tax"', "“public transport fares”", "«налог на топливо»", "„old town“",
    '"the numbers simply do not add up"', "«цифры просто не сходятся»", '"new hospital wing"',
    "«реконструкция причала»", '"will not raise taxes"', "«мы не будем повышать налоги»",
    "‘flood defences’", "“nobody was asked”",
)  # fmt: skip
PREFIXES = (
    "minist*", "reconstr*", "tarif*", "hospit*", "spend*", "налог*", "тариф*", "причал*",
    "министр*", "govern*", "protest*", "expan*", "flood*", "budg*", "аэропорт*",
)  # fmt: skip
EXCLUDING = (
    "pier -reconstruction", "tax -fuel", "налог -топливо", "council -vote", "hospital -wing",
    "тарифы -проезд", "budget -committee", "flood -defences",
)  # fmt: skip
MISSPELT = (
    "reconstuction", "hospitl", "tarifs", "ministr", "councel", "expantion", "budjet",
    "protestrs", "причял", "министер", "бюджэт", "тарифи", "harbor", "defenses",
)  # fmt: skip
FOLDED = (
    "tomas herrera", "Tomás", "jose", "zoe", "bjorn", "hernandez", "федоров", "алена",
    "семенов", "muller", "ТОКАЕВ", "PIER",
)  # fmt: skip
DATES = ("after:2025-01 flood", "before:2024-06 rent", "after:2024 before:2024-12 pier")
KINDS = ("kind:paraphrase budget", "kind:direct taxes", "kind:indirect минист*")

#: How many of each kind of query make up the 200.
MIX = (
    ("english", 44),
    ("russian", 30),
    ("phrase", 22),
    ("prefix", 18),
    ("filter", 36),
    ("exclude", 12),
    ("misspelt", 20),
    ("folded", 12),
    ("name", 6),
)


def _filters(newsroom: Newsroom) -> list[str]:
    speakers = [name for _, name in newsroom.speakers[:12]]
    tags = [name for _, name in newsroom.tags[:10]]
    words = cycle(("tax", "налог", "pier", "причал", "budget", ""))
    result = []
    for speaker in speakers:
        result.append(f'speaker:"{speaker}" {next(words)}'.strip())
    for tag in tags:
        value = f'"{tag}"' if " " in tag else tag
        result.append(f"tag:{value} {next(words)}".strip())
    for outlet in newsroom.outlets[:4]:
        result.append(f'outlet:"{outlet}" hospital')
    result += [*DATES, *KINDS]
    result.append(f'speaker:"{speakers[0]}" tag:{tags[0]}')
    return result


def mixed(newsroom: Newsroom, count: int = 200) -> list[str]:
    """``count`` queries (200 for the figure), interleaved so every kind runs throughout."""
    pools: dict[str, list[str]] = {
        "english": list(ENGLISH),
        "russian": list(RUSSIAN),
        "phrase": list(PHRASES),
        "prefix": list(PREFIXES),
        "filter": _filters(newsroom),
        "exclude": list(EXCLUDING),
        "misspelt": list(MISSPELT),
        "folded": list(FOLDED),
        "name": [name for _, name in newsroom.speakers[:6]],
    }
    total = sum(share for _, share in MIX)
    queues = {
        kind: list(islice(cycle(pools[kind]), max(1, share * count // total)))
        for kind, share in MIX
    }
    interleaved: list[str] = []
    while any(queues.values()):
        for kind, _ in MIX:
            if queues[kind]:
                interleaved.append(queues[kind].pop(0))
    return list(islice(cycle(interleaved), count))
