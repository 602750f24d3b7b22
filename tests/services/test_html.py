"""Web pages: the article's words exactly, the page around them gone, the metadata read, and
nothing a hostile page asks for (fetches, entity expansion, markup in text) ever happens."""

from __future__ import annotations

import codecs
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from services.errors import ImportFailedError
from services.importers import read_bytes
from services.importers.html import (
    codec_for_label,
    decode_html,
    html_document,
    read_html,
    visible_paragraphs,
)
from services.importing import import_file, import_html
from services.library import Library
from services.text import canonicalize
from tests.services.dump import dump_tables

FIXTURES = Path(__file__).parent / "fixtures" / "html"


@dataclass(frozen=True)
class Page:
    """A fixture page and what must (and must not) come out of it."""

    file: str
    paragraphs: tuple[str, ...]
    boilerplate: tuple[str, ...]
    title: str
    authors: tuple[str, ...]
    outlet: str
    published: date
    url: str
    language: str
    csl_type: str = "article-newspaper"


PAGES = [
    Page(
        "news-en.html",
        (
            "Pier will be rebuilt by next summer, mayor says",
            '"We will not let it fall into the sea," Mayor Jane Holloway told reporters after a '
            'council meeting that ran late into the evening. "The money is there, the engineers '
            'are ready, and the work starts in April."',
            "Engineers urge caution",
            "The council's chief engineer, Rahul Mehta, warned that the timetable was ambitious. "
            '"It is not safe yet, and I would rather be late than wrong," he said.',
            "Item | Cost\nDeck and columns | £2.9m\nPavilion | £1.3m",
            "A public consultation on the design opens next week and closes on 30 April.",
        ),
        (
            "cookies",
            "Accept all",
            "Subscribe",
            "Sponsored",
            "QuickLoans",
            "Advertisement",
            "Storm damage bill",
            "Related stories",
            "harrowlad62",
            "grandad",
            "Morning Briefing",
            "Privacy policy",
            "All rights reserved",
            "Share on",
            "SCRIPT WROTE",
            "gtag",
            "font-family",
            "Home",
        ),
        "Pier will be rebuilt by next summer, mayor says",
        ("Alice Marsh", "Tom O'Neill"),
        "The Harbour Gazette",
        date(2024, 3, 14),
        "https://www.harbourgazette.example/news/2024/03/14/pier-rebuilt",
        "en",
    ),
    Page(
        "news-ru.html",
        (
            "«Мы не позволим ему упасть в море»: мэр пообещала восстановить пирс",
            "«Мы не позволим ему упасть в море», — сказала она журналистам после заседания. — "
            "«Деньги выделены, проект готов, работы начнутся в сентябре».",
            "Главный инженер проекта Сергей Волков предупредил, что чугунные колонны сильно "
            "поржавели. «Это пока небезопасно, и я лучше опоздаю, чем ошибусь», — добавил он.",
            "Жители спорят уже месяц",
            "По данным мэрии, ремонт обойдётся в 310 млн рублей; две трети суммы выделит краевой "
            "бюджет.",
        ),
        (
            "cookie",
            "Владивосток",
            "USD",
            "Происшествия",
            "Кредит наличными",
            "Реклама",
            "Теги",
            "Поделиться",
            "Читайте также",
            "Шторм повредил",
            "Самое читаемое",
            "Свидетельство о регистрации",
            "СКРИПТ",
            "Просмотров",
        ),
        "«Мы не позволим ему упасть в море»: мэр пообещала восстановить пирс",
        ("Ольга Кузнецова",),
        "Приморский вестник",
        date(2024, 5, 7),
        "https://vestnik-primorya.example/gorod/2024/05/07/pirs/",
        "ru",
    ),
    Page(
        "news-de.html",
        (
            "Seebrücke soll bis zum Sommer saniert werden",
            "Die Bürgermeisterin verspricht eine schnelle Sanierung der maroden Seebrücke – "
            "Ingenieure mahnen zur Vorsicht.",
            "Der leitende Ingenieur Matthias Groß äußerte sich zurückhaltender: „Die Stahlträger "
            "sind stärker korrodiert als gedacht. Sicher ist das noch nicht.“ Eine genaue Prüfung "
            "solle bis Ende Juli abgeschlossen sein.",
            "Streit um den Pavillon",
        ),
        (
            "Datenschutz",
            "Cookies",
            "Alle akzeptieren",
            "Startseite",
            "abonnieren",
            "Anzeige",
            "Ferienwohnung",
            "Mehr zum Thema",
            "Sturmflut",
            "Impressum",
            "Verlagsgesellschaft",
            "SKRIPTINHALT",
        ),
        "Seebrücke soll bis zum Sommer saniert werden",
        ("Anna Schmidt", "Jens Köhler"),
        "Nordsee-Kurier",
        date(2024, 6, 21),
        "https://www.nordsee-kurier.example/region/seebruecke-sanierung-102.html",
        "de",
    ),
    Page(
        "news-ja.html",
        (
            "桟橋、来夏までに再建へ\u3000市長「海に落とさせない」",
            "田中市長は「海に落とさせるわけにはいかない。予算は確保しており、工事は10月に始まる」"
            "と述べた。",
            "住民の意見は二分",
            "総事業費は約6億円で、うち4億円を国の補助金で賄う見込み。",
        ),
        (
            "クッキー",
            "ログイン",
            "広告",
            "シェア",
            "関連記事",
            "台風で",
            "アクセスランキング",
            "花火大会",
            "Copyright",
            "googletag",
        ),
        "桟橋、来夏までに再建へ 市長「海に落とさせない」",
        ("佐藤 花子",),
        "湾岸新聞デジタル",
        date(2024, 8, 12),
        "https://www.wangan-shimbun.example/articles/20240812-0042",
        "ja",
    ),
    Page(
        "news-ar.html",
        (
            "رئيسة البلدية: سنعيد بناء الرصيف قبل الصيف المقبل",
            "وقالت العلي للصحفيين بعد اجتماع المجلس البلدي: «لن نسمح بأن يسقط في البحر. الأموال "
            "متوفرة والمهندسون جاهزون».",
            "وتقدَّر تكلفة الإصلاح بنحو ١٢ مليون دينار، تتحمل الحكومة المركزية ثلثيها، بحسب وثائق "
            "اطلعت عليها الصحيفة.",
        ),
        (
            "ملفات تعريف الارتباط",
            "الرئيسية",
            "إعلان",
            "اقرأ أيضاً",
            "العاصفة تلحق",
            "جميع الحقوق محفوظة",
        ),
        "رئيسة البلدية: سنعيد بناء الرصيف قبل الصيف المقبل",
        ("ليلى حداد",),
        "صحيفة الساحل",
        date(2024, 9, 3),
        "https://alsahel-news.example/local/2024/09/03/pier",
        "ar",
    ),
]


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


@pytest.mark.parametrize("page", PAGES, ids=[page.file for page in PAGES])
def test_a_news_page_gives_its_article_exactly_and_its_metadata(page: Page) -> None:
    document = read_html((FIXTURES / page.file).read_bytes(), page.file)
    paragraphs = _paragraphs(document.text)
    for paragraph in page.paragraphs:
        assert paragraph in paragraphs
    assert paragraphs[0] == page.paragraphs[0]  # the headline leads
    for scrap in page.boilerplate:
        assert scrap not in document.text
    assert document.text == canonicalize(document.text)
    assert (document.title, document.authors, document.outlet) == (
        page.title,
        page.authors,
        page.outlet,
    )
    assert (document.published, document.url, document.language, document.csl_type) == (
        page.published,
        page.url,
        page.language,
        page.csl_type,
    )
    assert document.source_format == "html"


def test_an_imported_page_is_stored_with_its_metadata(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "pier.htm"
    path.write_bytes((FIXTURES / "news-ru.html").read_bytes())
    added = import_file(library, path)
    info = library.articles.get(added.summary.id)
    assert info.summary.source_name == "pier.htm"
    assert info.summary.source_format == "html"
    assert info.meta.authors == ("Ольга Кузнецова",)
    assert info.meta.outlet == "Приморский вестник"
    assert info.meta.published == date(2024, 5, 7)
    assert info.meta.url == "https://vestnik-primorya.example/gorod/2024/05/07/pirs/"
    assert info.meta.language == "ru"
    assert info.meta.csl_type == "article-newspaper"
    assert "«Это пока небезопасно, и я лучше опоздаю, чем ошибусь», — добавил он." in info.text
    again = import_file(library, path)
    assert not again.created
    assert again.summary.id == added.summary.id


def test_a_table_layout_page_in_windows_1251_is_read_by_its_meta_charset() -> None:
    data = (FIXTURES / "news-ru-cp1251.html").read_bytes()
    data.decode("cp1251")  # the fixture really is windows-1251
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    document = read_html(data, "archive.html")
    assert _paragraphs(document.text)[:3] == [
        "Городская дума обсудила ремонт набережной",
        "12.10.2009",
        "Депутаты городской думы на очередной сессии обсудили план ремонта набережной. "
        "Председатель комиссии по городскому хозяйству Виктор Лебедев сообщил, что работы "
        "начнутся весной.",
    ]
    assert (
        "«Мы не можем больше откладывать: гранит крошится, ограждения падают», — заявил Лебедев."
    ) in document.text
    for scrap in ("Главная", "Рубрики", "Политика", "Перепечатка", "Реклама"):
        assert scrap not in document.text
    assert document.title == "Городская дума обсудила ремонт набережной"
    assert document.csl_type == "webpage"


@pytest.mark.parametrize("label", ["koi8-r", "windows-1251", "KOI8-R"])
def test_a_declared_charset_wins_over_guessing(label: str) -> None:
    words = "Жители спорят уже месяц: пирс или променад?"
    page = f'<html><head><meta charset="{label}"></head><body><p>{words}</p></body></html>'
    data = page.encode(codec_for_label(label) or "")
    assert decode_html(data, "p.html") == page
    assert read_html(data, "p.html").text == words


def test_a_byte_order_mark_wins_over_the_declared_charset() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Zoë «Анна» 東京 🐟</p></html>'
    for data in (
        codecs.BOM_UTF8 + page.encode("utf-8"),
        codecs.BOM_UTF16_LE + page.encode("utf-16-le"),
    ):
        assert read_html(data, "p.html").text == "Zoë «Анна» 東京 🐟"


def test_utf8_that_claims_to_be_latin1_is_still_utf8() -> None:
    """A page re-saved as UTF-8 often keeps its old declaration; UTF-8 bytes are unmistakable."""
    page = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>Zoë — «Анна»'
    assert read_html(page.encode("utf-8"), "p.html").text == "Zoë — «Анна»"


def test_latin1_label_means_windows_1252_as_in_browsers() -> None:
    page = "<html><head><meta charset=iso-8859-1></head><body><p>\u201cQuoted\u201d caf\u00e9"
    assert read_html(page.encode("cp1252"), "p.html").text == "\u201cQuoted\u201d caf\u00e9"


def test_text_that_looks_like_markup_stays_characters() -> None:
    page = (
        "<html><body><article><p>The filter removed &lt;b&gt;bold&lt;/b&gt; and "
        "&lt;script&gt;alert(1)&lt;/script&gt; tags; the docs write &amp;lt; for a "
        "less-than sign &amp; &amp;amp; for an ampersand.</p></article></body></html>"
    )
    text = read_html(page.encode(), "p.html").text
    assert text == (
        "The filter removed <b>bold</b> and <script>alert(1)</script> tags; the docs write "
        "&lt; for a less-than sign & &amp; for an ampersand."
    )


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE html [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
 <!ENTITY xxe SYSTEM "file:///etc/passwd">
 <!ENTITY remote SYSTEM "http://127.0.0.1:9/entity">
]>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en">
<head><title>Council minutes</title></head>
<body><p>The council met on Tuesday. Laughs: &lol9; Secrets: &xxe; Remote: &remote;</p>
<p>The minutes were approved without a vote.</p></body></html>
"""


def test_xml_entity_tricks_are_not_expanded(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "minutes.xhtml.html"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    document = read_html(path.read_bytes(), str(path))
    assert "The minutes were approved without a vote." in document.text
    assert "lollol" not in document.text
    assert "root:" not in document.text
    assert len(document.text) < len(BILLION_LAUGHS)
    assert document.language == "en"
    added = import_file(library, path)
    assert "lollol" not in library.articles.get(added.summary.id).text


class _CountingHandler(BaseHTTPRequestHandler):
    requests: list[str]

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/gif")
        self.end_headers()
        self.wfile.write(b"GIF89a")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def counting_server() -> Iterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1 that records every request made to it."""
    requests: list[str] = []
    handler = type("Handler", (_CountingHandler,), {"requests": requests})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()
    thread.join()


def test_nothing_a_page_references_is_fetched(
    library: Library, tmp_path: Path, counting_server: tuple[str, list[str]]
) -> None:
    base, requests = counting_server
    page = f"""<!DOCTYPE html>
<html lang="en"><head>
<title>Embargoed report</title>
<base href="{base}/base/">
<link rel="stylesheet" href="{base}/style.css">
<link rel="preload" as="font" href="{base}/font.woff2">
<link rel="icon" href="{base}/favicon.ico">
<meta http-equiv="refresh" content="0; url={base}/refresh">
<style>@import url("{base}/import.css"); body {{ background: url({base}/bg.png) }}</style>
<script src="{base}/script.js"></script>
<script>fetch("{base}/inline-script"); new Image().src = "{base}/beacon";</script>
</head><body>
<img src="{base}/x.png" srcset="{base}/x2.png 2x" alt="">
<picture><source srcset="{base}/pic.webp"><img src="{base}/pic.jpg" alt=""></picture>
<iframe src="{base}/frame.html"></iframe>
<frameset><frame src="{base}/frame2.html"></frameset>
<object data="{base}/object.swf"></object><embed src="{base}/embed.swf">
<video poster="{base}/poster.jpg" src="{base}/video.mp4"><track src="{base}/subs.vtt"></video>
<audio src="{base}/audio.mp3"></audio>
<svg><image href="{base}/svg-image.png"/></svg>
<p>The report, due on Friday, says the harbour needs dredging every two years.</p>
<p style="background-image: url({base}/inline.png)">Its authors call the delay unacceptable.</p>
</body></html>"""
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    document = read_html(path.read_bytes(), str(path))
    assert "The report, due on Friday, says the harbour needs dredging every two years." in (
        document.text
    )
    import_file(library, path)
    import_html(library, page)
    assert requests == []


def test_without_main_text_every_visible_text_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("services.importers.html._main_text", lambda tree: [])
    page = """<html><head><title>Form</title><style>p { color: red }</style></head><body>
    <div>Name: <b>Ruth</b>   <i>Penhallow</i><br>Role: harbour master</div>
    <table><tr><td>Cell one</td><td>Cell two</td></tr></table>
    <script>document.write("never")</script>after the script
    <pre>  kept
      as is</pre>
    <img src="x.png" alt="A chart of tides">
    </body></html>"""
    document = read_html(page.encode(), "form.html")
    assert _paragraphs(document.text) == [
        "Name: Ruth Penhallow\nRole: harbour master",
        "Cell one Cell two",
        "after the script",
        "kept\n      as is",
        "A chart of tides",
    ]


def test_visible_text_drops_head_scripts_and_styles() -> None:
    from services.importers.html import parse_html

    tree = parse_html(
        "<html><head><title>T</title></head><body><noscript>Enable JS</noscript>"
        "<template><p>hidden</p></template><p>Shown</p></body></html>",
        "t.html",
    )
    assert visible_paragraphs(tree) == ["Shown"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b"<html><head><title>Only a title</title></head><body><img src=x></body></html>",
            "no text",
        ),
        (
            b"<html><body><script>var a = 'no words a reader sees';</script></body></html>",
            "no text",
        ),
        (b"<!-- just a comment -->", "no text"),
        (b"   \n\t  ", "empty"),
        (bytes(range(256)) * 8, "binary"),
        (
            b"<html><body>" + b"<div>" * 2000 + b"<p>deep</p>" + b"</div>" * 2000 + b"</body>",
            "nested too deeply",
        ),
    ],
    ids=["image-only", "script-only", "comment-only", "blank", "binary", "deep-nesting"],
)
def test_a_page_without_text_is_refused_naming_it(
    library: Library, tmp_path: Path, data: bytes, reason: str
) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(data)
    before = dump_tables(library.engine)
    with pytest.raises(ImportFailedError) as raised:
        import_file(library, path)
    assert raised.value.item == str(path)
    assert reason in raised.value.reason
    assert "\n" not in str(raised.value)
    assert dump_tables(library.engine) == before


def test_a_page_that_is_not_an_article_is_a_webpage_without_invented_metadata() -> None:
    page = """<!DOCTYPE html><html lang="fr-CA"><head><title>Nous joindre</title></head>
    <body><main><h1>Nous joindre</h1>
    <p>La rédaction est ouverte du lundi au vendredi, de 8 h à 18 h.</p>
    <p>Pour signaler une erreur, écrivez-nous en précisant l’adresse de l’article.</p>
    </main></body></html>"""
    document = read_html(page.encode(), "contact.html")
    assert document.csl_type == "webpage"
    assert document.language == "fr"
    assert document.authors == ()
    assert document.published is None
    assert document.url == ""
    assert "La rédaction est ouverte du lundi au vendredi, de 8 h à 18 h." in document.text


@pytest.mark.parametrize(
    ("head", "csl_type"),
    [
        ('<script type="application/ld+json">{"@type": "BlogPosting"}</script>', "post-weblog"),
        (
            '<script type="application/ld+json">[{"@type": ["ReportageNewsArticle"]}]</script>',
            "article-newspaper",
        ),
        ('<meta property="og:type" content="article">', "article-newspaper"),
        ('<meta property="og:type" content="website">', "webpage"),
        ('<script type="application/ld+json">{not json</script>', "webpage"),
    ],
)
def test_the_csl_type_follows_what_the_page_declares(head: str, csl_type: str) -> None:
    page = f"<html><head>{head}</head><body><p>Enough words to be an article.</p></body></html>"
    assert read_html(page.encode(), "p.html").csl_type == csl_type


@pytest.mark.parametrize(
    ("head", "language"),
    [
        ('<html lang="pt-BR">', "pt"),
        ('<html><meta http-equiv="content-language" content="uk">', "uk"),
        ('<html><meta property="og:locale" content="es_ES">', "es"),
        ('<html lang="x-klingon-1">', ""),
        ("<html>", ""),
    ],
)
def test_the_language_is_the_declared_primary_subtag(head: str, language: str) -> None:
    page = f"{head}<body><p>Words.</p></body></html>"
    assert read_html(page.encode(), "p.html").language == language


def test_lists_and_line_breaks_keep_their_shape() -> None:
    page = """<html><body><article>
    <p>The council agreed three things on Tuesday, after a long and heated debate:</p>
    <ul><li>to rebuild the pier deck</li><li>to keep the pavilion<ul><li>for now</li></ul></li></ul>
    <p>Harbour Office<br>1 Quay Street<br>Port Harrow</p>
    <blockquote><p>We will not let it fall into the sea.</p></blockquote>
    </article></body></html>"""
    paragraphs = _paragraphs(read_html(page.encode(), "p.html").text)
    assert "• to rebuild the pier deck" in paragraphs
    assert "• to keep the pavilion" in paragraphs
    assert "• for now" in paragraphs
    assert "Harbour Office\n1 Quay Street\nPort Harrow" in paragraphs
    assert "We will not let it fall into the sea." in paragraphs


def test_html_is_read_through_the_format_registry() -> None:
    data = (FIXTURES / "news-de.html").read_bytes()
    assert read_bytes(data, "x.htm", ".htm") == read_html(data, "x.htm")


def test_clipboard_html_is_stored_as_a_web_page(library: Library) -> None:
    fragment = (
        "<meta charset='utf-8'><p>Мэр заявила: «Мы не позволим ему упасть в море».</p>"
        "<p>Инженер добавил: «Это небезопасно».</p>"
    )
    added = import_html(library, fragment)
    info = library.articles.get(added.summary.id)
    assert (
        info.text
        == "Мэр заявила: «Мы не позволим ему упасть в море».\n\nИнженер добавил: «Это небезопасно»."
    )
    assert info.summary.source_name == "clipboard"
    assert info.summary.source_format == "html"
    assert info.meta.title == "Мэр заявила: «Мы не позволим ему упасть в море»."
    assert info.meta.language == "ru"


def test_windows_clipboard_html_gives_its_source_address(library: Library) -> None:
    body = (
        "<html><body><!--StartFragment--><p>The pier will be rebuilt.</p><!--EndFragment-->"
        "</body></html>"
    )
    cf_html = (
        "Version:0.9\r\nStartHTML:0000000105\r\nEndHTML:0000000200\r\n"
        "StartFragment:0000000141\r\nEndFragment:0000000170\r\n"
        "SourceURL:https://www.harbourgazette.example/news/pier\r\n" + body
    )
    info = library.articles.get(import_html(library, cf_html).summary.id)
    assert info.text == "The pier will be rebuilt."
    assert info.meta.url == "https://www.harbourgazette.example/news/pier"


def test_clipboard_html_without_text_falls_back_to_the_plain_text(library: Library) -> None:
    added = import_html(library, '<img src="chart.png">', text="Tide chart, March 2024")
    info = library.articles.get(added.summary.id)
    assert info.text == "Tide chart, March 2024"
    assert info.summary.source_format == "text"


def test_clipboard_html_without_any_text_is_refused(library: Library) -> None:
    before = dump_tables(library.engine)
    with pytest.raises(ImportFailedError) as raised:
        import_html(library, '<img src="chart.png">')
    assert raised.value.item == "clipboard"
    assert dump_tables(library.engine) == before


def test_html_document_reads_text_already_decoded() -> None:
    document = html_document("<p>Zoë said «да» and 「はい」.</p>", "clipboard")
    assert document.text == "Zoë said «да» and 「はい」."


def test_a_copied_selection_keeps_every_word_the_journalist_chose(library: Library) -> None:
    selection = (
        "<meta charset='utf-8'><h1>Pier will be rebuilt, mayor says</h1>"
        "<p>The mayor promised on Thursday that the pier would be rebuilt.</p>"
        "<p><a href='/x'>Read more: Storm damage bill tops £10m</a></p>"
        "<p>The council will vote on:</p><ul><li>the deck</li><li>the pavilion</li></ul>"
    )
    info = library.articles.get(import_html(library, selection).summary.id)
    assert _paragraphs(info.text) == [
        "Pier will be rebuilt, mayor says",
        "The mayor promised on Thursday that the pier would be rebuilt.",
        "Read more: Storm damage bill tops £10m",
        "The council will vote on:",
        "• the deck",
        "• the pavilion",
    ]
    assert info.meta.title == "Pier will be rebuilt, mayor says"


def test_a_whole_copied_page_is_reduced_to_its_article(library: Library) -> None:
    whole = (FIXTURES / "news-en.html").read_text(encoding="utf-8")
    info = library.articles.get(import_html(library, whole).summary.id)
    assert info.text == read_html(whole.encode(), "page").text
    assert "Related stories" not in info.text
    assert info.meta.authors == ("Alice Marsh", "Tom O'Neill")
