"""``ContactDetector`` on phonenumbers (phone numbers) and urlextract (links, bare domains, e-mail addresses).

Offline by construction: urlextract reads the IANA TLD list bundled in its wheel (``cache_dir`` points at it, so
no user cache is consulted), is never asked to ``update``, and neither DNS checks nor its DNS cache are used.
phonenumbers carries its metadata in the wheel. Matching is ``Leniency.POSSIBLE`` (a number of a possible length
for the region): the screen must catch the fictional and not-yet-assigned numbers people type ("555 ..."), and
prices, dates and times are blanked by the core before the text gets here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib.resources import files

import phonenumbers
from urlextract import URLExtract

from core.messaging.screening import Finding, Kind

_BUNDLED_TLDS = str(files("urlextract") / "data")
_INTERNATIONAL_00 = re.compile(r"(?<![\d+])00(?=[1-9])")  # "0044 ..." dialled the European way, read as "+44"
_SENTENCES_RUN_TOGETHER = re.compile(r"[a-z]+\.[A-Z][a-z]+")  # a bare "word.Word": a full stop missing its space


def _phone_start(text: str, dialled: str, start: int, end: int) -> int:
    """Where a number found at ``start`` begins in ``text``: with the first "0" of a "00" prefix, without an
    opening bracket that is not closed within it ("(0044 7911 123456 abroad)")."""
    if start and dialled[start - 1] == " " and text[start - 1] == "0":
        return start - 1
    return start + 1 if text[start] == "(" and ")" not in text[start:end] else start


class LibraryContactDetector:
    """Phone numbers for ``regions`` (ISO 3166 codes: national numbers of those, international ones of any),
    links and e-mail addresses whatever their TLD."""

    def __init__(self, regions: Sequence[str] = ("US",)) -> None:
        if unknown := sorted(set(regions) - phonenumbers.SUPPORTED_REGIONS):
            raise ValueError(f"phone regions phonenumbers does not know: {', '.join(unknown)}")
        self.regions = tuple(regions) or ("US",)
        self._urls = URLExtract(extract_email=True, cache_dns=False, extract_localhost=False, cache_dir=_BUNDLED_TLDS)

    def contacts(self, text: str) -> Sequence[Finding]:
        found = self._links(text) + self._phones(text)
        kept: list[Finding] = []
        for finding in sorted(found, key=lambda f: (f.start, -f.end)):
            if not kept or finding.start >= kept[-1].end:
                kept.append(finding)
        return kept

    def _phones(self, text: str) -> list[Finding]:
        dialled = _INTERNATIONAL_00.sub(" +", text)  # same length: spans stay those of ``text``
        readings = (text,) if dialled == text else (text, dialled)  # "00" may also be inside a number ("555 0010")
        found: list[Finding] = []
        for reading in readings:
            for region in self.regions:
                matches = phonenumbers.PhoneNumberMatcher(reading, region, leniency=phonenumbers.Leniency.POSSIBLE)
                found += [Finding(Kind.PHONE, _phone_start(text, reading, m.start, m.end), m.end) for m in matches]
        return found

    def _links(self, text: str) -> list[Finding]:
        found: list[Finding] = []
        for url, (start, end) in self._urls.find_urls(text, get_indices=True):
            if _SENTENCES_RUN_TOGETHER.fullmatch(url):  # "Sounds good.Photos next week": .photos is a TLD too
                continue
            kind = Kind.EMAIL if "@" in url and "://" not in url else Kind.LINK
            found.append(Finding(kind, start, end))
        return found
