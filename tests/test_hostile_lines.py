"""Pages whose line structure is hostile (runs of blank lines holding spaces or tabs, lines
padded with white space, many texts at once): the line frame keeps every line's offsets, and
a run of blank lines splits a page into the same articles as one blank line does."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from threadline.documents.clean import classify_lines, classify_many, line_frame
from threadline.documents.corpus import article_rows
from threadline.documents.read import Input
from threadline.documents.split import split_articles

#: Pages written for these tests, blank lines as "\n\n": a listing (titles, teasers ending in
#: "…", bodies, a footer) and single articles (headline, dateline, prose, an author box).
PAGES = {
    "listing": (
        "Home | World | Contact\n\n"
        "Militia Shells Port\n\n"
        "Militia gunners shelled the port district…\n\n"
        "Militia gunners shelled the port district before dawn on Sunday, officials said.\n\n"
        "Ferries were halted for the rest of the week.\n\n"
        "Army Retakes Bridge\n\n"
        "Army units retook the river bridge…\n\n"
        "Army units retook the river bridge after two days of fighting, a spokesman said.\n\n"
        "Leave a reply"
    ),
    "single": (
        "Menu | Home\n\n"
        "Drone Strike Hits Convoy\n\n"
        "March 4, 2019\n\n"
        "A drone strike hit a fuel convoy on the northern highway on Monday, killing four.\n\n"
        "Local officials blamed the air force, which did not comment on the report.\n\n"
        "Conflict Desk\n\n"
        "2 Comments"
    ),
    "author-box": (
        "Gunmen Storm Market\n\n"
        "Gunmen stormed a crowded market in the old city on Friday, witnesses told reporters.\n\n"
        "Police sealed off the area and searched nearby streets for the attackers.\n\n"
        "Jane Doe\nJane Doe reports on security for the desk.\n\n"
        "Leave a reply"
    ),
}
#: What a blank line becomes: longer runs, runs holding spaces, tabs or no-break spaces.
BLANKS = ["\n\n\n\n", "\n \n \n \n", "\n\t\n \t \n\n", "\n\u00a0\n \n", "\n" + " \n" * 300]


def _articles(page: str) -> list[tuple[str, str | None]]:
    """(body with its white space runs made one space, title) of each article of `page`."""
    return [(" ".join(page[a.start : a.end].split()), a.title)
            for a in split_articles(page, classify_lines(page))]


#: (title, first words, last words) of each article of each page: chrome, the dateline, the
#: footer and the author box are outside every body.
EXPECTED = {
    "listing": [("Militia Shells Port", "Militia gunners shelled", "rest of the week."),
                ("Army Retakes Bridge", "Army units retook", "a spokesman said.")],
    "single": [("Drone Strike Hits Convoy", "A drone strike", "comment on the report.")],
    "author-box": [("Gunmen Storm Market", "Gunmen stormed", "for the attackers.")],
}


@pytest.mark.parametrize("blank", ["\n\n", *BLANKS])
@pytest.mark.parametrize("name", list(PAGES))
def test_hostile_blank_line_runs_split_like_one_blank_line(name: str, blank: str) -> None:
    found = _articles(PAGES[name].replace("\n\n", blank))
    assert [(title, body.startswith(first) and body.endswith(last))
            for (body, title), (_, first, last) in zip(found, EXPECTED[name], strict=True)
            ] == [(title, True) for title, _, _ in EXPECTED[name]]
    assert found == _articles(PAGES[name])


@pytest.mark.parametrize("blank", BLANKS)
def test_hostile_blank_line_runs_keep_chrome_blanked_and_spans_trimmed(blank: str) -> None:
    page = PAGES["listing"].replace("\n\n", blank)
    rows = article_rows(page, Input("page.txt", Path("page.txt")), "utf-8")
    assert len(rows) == 2
    for row in rows:
        src = page[row["start"] : row["end"]]
        assert src == src.strip()  # the span has no white space at its ends
        assert len(row["text"]) == len(src)  # blanking never moves an offset
    assert "Leave a reply" not in rows[-1]["text"]


@pytest.mark.parametrize("pad", [" ", "\t", "\u00a0", "  \t \u00a0"])
def test_hostile_padded_lines_give_trimmed_spans(pad: str) -> None:
    body = "Rebels shelled the airport road on Monday, a monitoring group said."
    page = f"{pad}Airport Road Shelled{pad}\n{pad}\n{pad}{body}{pad}\n{pad}\n"
    (art,) = split_articles(page, classify_lines(page))
    assert page[art.start : art.end] == body
    assert art.title == "Airport Road Shelled"


LINES = st.lists(st.text(st.sampled_from("ab \t\u00a0é\u0301💥.\r"), max_size=6), max_size=12)


@given(LINES)
def test_hostile_line_frame_offsets_are_those_of_the_text(lines: list[str]) -> None:
    text = "\n".join(lines)
    frame = line_frame(text)
    assert frame["line"].to_list() == text.split("\n")
    for start, end, line in frame.select("start", "end", "line").iter_rows():
        assert text[start:end] == line


@given(st.lists(LINES.map("\n".join), min_size=1, max_size=4))
def test_hostile_many_texts_classified_as_each_alone(texts: list[str]) -> None:
    together = classify_many(texts)
    assert len(together) == len(texts)
    for text, frame in zip(texts, together, strict=True):
        alone = classify_lines(text)
        assert frame.equals(alone)
        assert frame["start"].to_list()[:1] == [0]


@pytest.mark.parametrize(("tail", "body_ends"), [("The army replied.", "replied."),
                                                ("Leave a reply", "said.")])
def test_hostile_page_of_blank_lines_is_one_article(tail: str, body_ends: str) -> None:
    page = "Jets struck the fuel depot on Tuesday, the army said.\n" + " \n" * 5_000 + tail
    (art,) = split_articles(page, classify_lines(page))
    body = page[art.start : art.end]
    assert body.startswith("Jets struck") and body.endswith(body_ends)
