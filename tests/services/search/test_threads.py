"""Searches from several threads at once, as the app's worker threads run them beside edits."""

from __future__ import annotations

import threading

from services.readmodels import ArticleMeta
from services.search import SearchResults
from tests.services.search.conftest import Newsroom


def test_concurrent_searches_while_articles_are_added(newsroom: Newsroom) -> None:
    library = newsroom.library
    queries = ("Токаеву", "minist*", "知事", '"the pier"', "speaker:petrova", "Bürgermeisterin")
    expected = {query: library.search.search(query) for query in queries}
    errors: list[BaseException] = []
    seen: list[tuple[str, SearchResults]] = []
    start = threading.Barrier(len(queries) + 1)

    def searching(query: str) -> None:
        start.wait()
        try:
            for _ in range(15):
                seen.append((query, library.search.search(query)))
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            errors.append(error)

    def writing() -> None:
        start.wait()
        for number in range(10):
            library.articles.add(f"Unrelated story {number}.", ArticleMeta(title=f"S{number}"))

    threads = [threading.Thread(target=searching, args=(query,)) for query in queries]
    threads.append(threading.Thread(target=writing))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(seen) == 15 * len(queries)
    assert all(results == expected[query] for query, results in seen)
