"""A generated article written out as the files a journalist imports: text, Markdown, a web
page with its boilerplate, Word, PDF, OpenDocument, RTF, EPUB and e-mail.

Each writer returns the file's bytes. The same article gives the same document on every run:
the same text, metadata and layout (only what no reader looks at may differ, such as the times
inside a ZIP container or a MIME boundary), so a figure can be reproduced.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from functools import cache
from html import escape
from pathlib import Path

from benchmarks.corpus import Article

ROOT = Path(__file__).resolve().parent.parent

#: Fonts with Cyrillic for the PDFs, in order of preference: ours, then a common system one.
_PDF_FONTS = (
    ROOT / "resources" / "fonts" / "NotoSans-Regular.ttf",
    ROOT / "resources" / "fonts" / "DejaVuSans.ttf",
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/Library/Fonts/Arial Unicode.ttf"),
    Path("C:/Windows/Fonts/arial.ttf"),
)


def plain_text(article: Article) -> bytes:
    return article.plain_text().encode("utf-8")


def markdown(article: Article) -> bytes:
    """Heading, an italic byline, sub-headings, a link, a block quote: markup a reader skips."""
    lines = [f"# {article.headline}", "", f"*{article.author}, {article.outlet}, "]
    lines[-1] += f"{article.published.isoformat()}*"
    for number, paragraph in enumerate(article.paragraphs):
        lines.append("")
        if number and number % 5 == 0:
            lines += [f"## {article.section} {number // 5}", ""]
        if paragraph[:1] in "“«":
            lines.append(f"> {paragraph}")
        elif number == 2:
            first, _, rest = paragraph.partition(" ")
            lines.append(f"[{first}](https://news.example.org/{article.index}) **{rest}**")
        else:
            lines.append(paragraph)
    return ("\n".join(lines) + "\n").encode("utf-8")


_SCRIPT = (
    "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
    "gtag('js',new Date());gtag('config','G-EXAMPLE');"
    "(function(){var s=document.createElement('script');s.async=true;"
    "s.src='https://ads.example.net/loader.js';document.head.appendChild(s);})();"
) * 12

_STYLE = (
    "body{font-family:Georgia,serif;margin:0}header,footer{background:#111;color:#eee}"
    ".nav a{padding:0 8px}.ad{min-height:250px}.related li{margin:4px 0}"
) * 10


def web_page(article: Article) -> bytes:
    """A news site's article page: the story inside navigation, ads, scripts, a related-stories
    list, a newsletter box and a footer, with the metadata sites put in ``<head>``."""
    url = f"https://news.example.org/{article.section.lower()}/{article.index}"
    title = escape(article.headline)
    nav = "".join(
        f'<li><a href="/section/{n}">{escape(section)}</a></li>'
        for n, section in enumerate(("Home", "World", "Business", "Opinion", "Sport", "Culture"))
    )
    related = "".join(
        f'<li><a href="/story/{article.index + n}">Related story number {n}: '
        f"more on this and other news from the region</a></li>"
        for n in range(1, 9)
    )
    body = "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in article.paragraphs)
    published = article.published.isoformat()
    page = f"""<!DOCTYPE html>
<html lang="{article.language}">
<head>
<meta charset="utf-8">
<title>{title} | {escape(article.outlet)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{escape(article.paragraphs[0][:150])}">
<meta name="author" content="{escape(article.author)}">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{escape(article.outlet)}">
<meta property="og:type" content="article">
<meta property="og:url" content="{url}">
<meta property="article:published_time" content="{published}T08:30:00+00:00">
<link rel="canonical" href="{url}">
<link rel="stylesheet" href="/static/site.css">
<style>{_STYLE}</style>
<script>{_SCRIPT}</script>
</head>
<body>
<header><div class="logo"><a href="/">{escape(article.outlet)}</a></div>
<nav class="nav"><ul>{nav}</ul></nav>
<form class="search" action="/search"><input name="q" placeholder="Search"></form></header>
<div class="ad ad-top"><iframe src="https://ads.example.net/top" title="Advertisement">
</iframe></div>
<main>
<article>
<h1>{title}</h1>
<p class="byline">By <a rel="author" href="/authors/1">{escape(article.author)}</a>,
<time datetime="{published}">{published}</time></p>
<div class="share"><a href="https://social.example/share?u={url}">Share</a>
<a href="mailto:?subject={title}">E-mail</a></div>
{body}
</article>
<aside class="related"><h2>Related stories</h2><ul>{related}</ul></aside>
<div class="newsletter"><h2>Sign up for our morning briefing</h2>
<p>The day's most important stories, in your inbox before breakfast.</p>
<form><input type="email" placeholder="Your e-mail"><button>Subscribe</button></form></div>
<div class="ad ad-inline">Advertisement</div>
</main>
<footer><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>
<li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul>
<p>© 2025 {escape(article.outlet)}. All rights reserved.</p></footer>
<script>{_SCRIPT}</script>
</body>
</html>
"""
    return page.encode("utf-8")


#: The styles the generated Word files use (with the ones Word links to them); python-docx's
#: template defines 164, which Word itself never writes into a document.
_WORD_STYLES = {
    "Normal",
    "Default Paragraph Font",
    "Normal Table",
    "No List",
    "Heading 1",
    "Heading 1 Char",
    "Heading 2",
    "Heading 2 Char",
}


def word_document(article: Article) -> bytes:
    """A reporter's Word file, with only the styles it uses (19 KB of style XML, the order of
    size Word writes)."""
    return _word_document(article, full_template=False)


def word_document_full_template(article: Article) -> bytes:
    """The same, with python-docx's whole default template left in: a 349 KB styles.xml and a
    438 KB stylesWithEffects.xml, many times what Word or Google Docs put in a document."""
    return _word_document(article, full_template=True)


def _word_document(article: Article, full_template: bool) -> bytes:
    """Title, byline, sub-headings, paragraphs and a small table, with core properties."""
    from docx import Document  # noqa: PLC0415 - only the DOCX benchmark pays for python-docx

    document = Document()
    if not full_template:
        for style in list(document.styles):
            if style.name not in _WORD_STYLES:
                style.delete()
        for key, relationship in list(document.part.rels.items()):
            if relationship.reltype.endswith("/stylesWithEffects"):
                document.part.drop_rel(key)
    properties = document.core_properties
    properties.title = article.headline
    properties.author = article.author
    pinned = datetime(article.published.year, article.published.month, article.published.day)
    properties.created = properties.modified = pinned.replace(tzinfo=UTC)
    document.add_heading(article.headline, level=1)
    document.add_paragraph(f"{article.author}, {article.outlet}, {article.published}")
    for number, paragraph in enumerate(article.paragraphs):
        if number and number % 5 == 0:
            document.add_heading(f"{article.section} {number // 5}", level=2)
        document.add_paragraph(paragraph)
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in enumerate(
        (("Outlet", article.outlet), ("Section", article.section), ("Words", str(article.words)))
    ):
        table.cell(row, 0).text = label
        table.cell(row, 1).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@cache
def pdf_font() -> str:
    """The registered name of a font with Cyrillic, or "" if none is found (Helvetica would
    print the Russian articles as empty boxes, so the PDF figure is then not measured)."""
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415 - reportlab is a test extra
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415

    for path in _PDF_FONTS:
        if path.is_file():
            pdfmetrics.registerFont(TTFont("BenchSans", str(path)))
            return "BenchSans"
    return ""


def pdf_document(article: Article) -> bytes:
    """A report as a PDF: paragraphs over two or three A4 pages, a running header with the
    outlet and section, and the page number in the footer (what the PDF reader must drop)."""
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415 - reportlab is a test extra
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415
    from reportlab.pdfgen.canvas import Canvas  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: PLC0415

    font = pdf_font()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=14, spaceAfter=8)
    heading = ParagraphStyle("heading", parent=body, fontSize=17, leading=21, spaceAfter=12)
    running = f"{article.outlet} · {article.section}"

    def decorate(canvas: Canvas, template: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawString(template.leftMargin, A4[1] - 40, running)
        canvas.drawRightString(A4[0] - template.rightMargin, 30, str(canvas.getPageNumber()))
        canvas.restoreState()

    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=article.headline,
        author=article.author,
        invariant=True,  # no timestamp or random id: the same article gives the same bytes
    )
    story = [Paragraph(escape(article.headline), heading)]
    story += [Paragraph(escape(paragraph), body) for paragraph in article.paragraphs]
    template.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def _rtf_escape(text: str) -> str:
    """RTF text as Word writes it: ASCII as is, everything else as ``\\uN?`` escapes."""
    out = []
    for char in text:
        code = ord(char)
        if char in "\\{}":
            out.append("\\" + char)
        elif code < 128:
            out.append(char)
        else:
            for unit in range(0, len(char.encode("utf-16-le")), 2):
                value = int.from_bytes(char.encode("utf-16-le")[unit : unit + 2], "little")
                out.append(f"\\u{value - 65536 if value > 32767 else value}?")
    return "".join(out)


def rich_text(article: Article) -> bytes:
    """An RTF file with an info block, a bold headline and one ``\\par`` per paragraph."""
    paragraphs = "".join(
        f"\\pard\\sa200 {_rtf_escape(paragraph)}\\par\n" for paragraph in article.paragraphs
    )
    published = article.published
    document = (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0\n"
        "{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}}\n"
        f"{{\\info{{\\title {_rtf_escape(article.headline)}}}"
        f"{{\\author {_rtf_escape(article.author)}}}"
        f"{{\\creatim\\yr{published.year}\\mo{published.month}\\dy{published.day}}}}}\n"
        f"\\f0\\fs24\\pard\\sa300{{\\b\\fs32 {_rtf_escape(article.headline)}}}\\par\n"
        f"{paragraphs}}}\n"
    )
    return document.encode("ascii")


def open_document(article: Article) -> bytes:
    """An OpenDocument text (LibreOffice's .odt): title and author in meta, headings, text."""
    from odf import dc, meta  # noqa: PLC0415 - only the ODT benchmark pays for odfpy
    from odf.opendocument import OpenDocumentText  # noqa: PLC0415
    from odf.text import H, P  # noqa: PLC0415

    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text=article.headline))
    document.meta.addElement(dc.Creator(text=article.author))
    document.meta.addElement(meta.CreationDate(text=f"{article.published}T08:30:00"))
    document.text.addElement(H(outlinelevel=1, text=article.headline))
    for number, paragraph in enumerate(article.paragraphs):
        if number and number % 5 == 0:
            document.text.addElement(H(outlinelevel=2, text=f"{article.section} {number // 5}"))
        document.text.addElement(P(text=paragraph))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def e_book(article: Article) -> bytes:
    """An EPUB of the article: a cover chapter and two chapters of text, in the spine."""
    from ebooklib import epub  # noqa: PLC0415 - only the EPUB benchmark pays for ebooklib

    book = epub.EpubBook()
    book.set_identifier(f"qb-bench-{article.index}")
    book.set_title(article.headline)
    book.set_language(article.language)
    book.add_author(article.author)
    half = len(article.paragraphs) // 2
    chapters = []
    for number, part in enumerate((article.paragraphs[:half], article.paragraphs[half:])):
        chapter = epub.EpubHtml(
            title=f"{article.section} {number + 1}",
            file_name=f"chapter-{number + 1}.xhtml",
            lang=article.language,
        )
        heading = escape(article.headline if number == 0 else f"{article.section} {number + 1}")
        body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in part)
        chapter.content = f"<h1>{heading}</h1>{body}"
        book.add_item(chapter)
        chapters.append(chapter)
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    buffer = io.BytesIO()
    epub.write_epub(buffer, book)
    return buffer.getvalue()


def e_mail(article: Article) -> bytes:
    """A press release by e-mail: plain text and an HTML alternative, and a PDF attached."""
    from email.message import EmailMessage  # noqa: PLC0415
    from email.utils import format_datetime  # noqa: PLC0415

    message = EmailMessage()
    message["Subject"] = article.headline
    message["From"] = f"{article.author} <press@news.example.org>"
    message["To"] = "newsdesk@paper.example"
    message["Organization"] = article.outlet
    sent = datetime(article.published.year, article.published.month, article.published.day, 8)
    message["Date"] = format_datetime(sent.replace(tzinfo=UTC))
    message.set_content(article.plain_text())
    body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in article.paragraphs)
    message.add_alternative(
        f"<html><body><h1>{escape(article.headline)}</h1>{body}</body></html>", subtype="html"
    )
    message.add_attachment(
        b"%PDF-1.4\n% a stand-in for the release as a PDF\n" * 40,
        maintype="application",
        subtype="pdf",
        filename="release.pdf",
    )
    return message.as_bytes()
