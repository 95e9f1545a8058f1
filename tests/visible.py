"""What a person reads on a page: its visible text, without markup, scripts, hidden inputs or
attribute values (ids, names, classes and links hold codes on purpose; users never read them)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

# Elements whose content is never read on the page.
_UNREAD = {"script", "style", "head", "template", "textarea"}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class _Text(HTMLParser):
    def __init__(self, testid: str | None, language: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.testid = testid
        self.language = language
        self.stack: list[tuple[str, bool, bool]] = []  # tag, unread, inside the wanted part
        self.parts: list[str] = []

    def _inside(self) -> bool:
        return self.testid is None or any(inside for _t, _u, inside in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        found = dict(attrs)
        unread = (
            tag in _UNREAD
            or "hidden" in found
            or found.get("aria-hidden") == "true"
            or "sr-honeypot" in (found.get("class") or "")
            # Text marked as another language (what a reporter will read in English, say).
            or (
                self.language is not None
                and tag != "html"
                and bool(found.get("lang"))
                and not str(found.get("lang")).startswith(self.language)
            )
        )
        wanted = self.testid is not None and found.get("data-testid") == self.testid
        self.stack.append((tag, unread, wanted))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if any(unread for _t, unread, _w in self.stack) or not self._inside():
            return
        self.parts.append(data)


def visible_text(
    html: str | bytes, testid: str | None = None, *, language: str | None = None
) -> str:
    """The page's readable text (or of the element with `data-testid` `testid`), one space
    between words; with `language`, only the text in that language (parts marked with another
    `lang` are left out)."""
    if isinstance(html, bytes):
        html = html.decode()
    parser = _Text(testid, language)
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def codes_in(text: str, codes: Any) -> list[str]:
    """The codes that stand in `text` as words of their own (case-sensitive: "RIEC" is a
    name, "riec" a code)."""
    return sorted(
        {code for code in codes if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)}
    )


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
US_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")
