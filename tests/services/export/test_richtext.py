"""Formatted runs: each writer escapes user text for its own format."""

from __future__ import annotations

from markdown_it import MarkdownIt

from services.export.richtext import Span, merged, plain, to_html, to_markdown

HOSTILE = "<b>bold</b> *not em* _x_ [link](http://x) `code` # 1. & \\ 100% {y}"


def test_merging_and_plain_text() -> None:
    runs = merged([Span("A"), Span(""), Span("B"), Span("C", italic=True)])
    assert runs == (Span("AB"), Span("C", italic=True))
    assert plain(runs) == "ABC"


def test_html_escapes_and_formats() -> None:
    runs = (Span(HOSTILE), Span("Courier", italic=True), Span("x", link='http://a/?q="1"&b'))
    html = to_html(runs)
    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<i>Courier</i>" in html
    assert '<a href="http://a/?q=&quot;1&quot;&amp;b">x</a>' in html


def test_markdown_prints_user_text_literally() -> None:
    runs = (
        Span(HOSTILE),
        Span(" Courier ", italic=True),
        Span("Сайт", link="https://x.example/a b"),
    )
    rendered = MarkdownIt("commonmark").render(to_markdown(runs))
    assert (
        "&lt;b&gt;bold&lt;/b&gt; *not em* _x_ [link](http://x) `code` # 1. &amp; \\ 100% {y}"
        in (rendered)
    )
    assert "<em>Courier</em>" in rendered
    assert '<a href="https://x.example/a%20b">Сайт</a>' in rendered
