"""Anti-circumvention screening: finds contact details and off-platform talk in a message's text. Pure.

What counts (``Finding.kind``): a phone number, an e-mail address and a link or bare domain, found by the
``ContactDetector`` port (a library-backed adapter) in the message as this module rewrites it (``contact_view``:
spelled-out digits as digits, "at"/"dot" and their bracketed forms as "@" and ".", runs of spaced single characters
joined, prices, dates and times blanked out); an ``@handle``; a messaging app ("whatsapp", "dm me") and payment off
the platform ("venmo", "pay you directly"), the last two also through leetspeak ("v3nm0") and spacing ("c a s h a p
p"). The words are this module's: what the detector finds, the words never reach.

What does not (the false positives a marketplace cannot afford): prices ("$250", "1,200.50"), dates
("2026-12-03", "12/03/2026"), times ("10:30"), durations and counts, booking references ("bkg_01J..."), a studio's
street address, and a payment word the writer refuses ("I don't use Venmo, I'll pay here"). Contact details are
masked by span, in the original text, so what the recipient sees keeps the rest of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from core.messaging.ports import ContactDetector


class Kind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    LINK = "link"
    HANDLE = "handle"
    APP = "messaging-app"
    PAYMENT = "off-platform-payment"


CONTACT_KINDS = frozenset({Kind.PHONE, Kind.EMAIL, Kind.LINK, Kind.HANDLE})
MASK = "[contact hidden]"


@attrs.frozen
class Finding:
    """One thing found: its kind and where it sits in the text (``end`` exclusive; 0, 0 for a word found only in
    the normalised text, which is never masked)."""

    kind: Kind
    start: int = 0
    end: int = 0


@attrs.frozen
class ContactView:
    """A message as contact details are looked for in it, and, for each of its characters, the span of the
    original text it stands for (so that what is found there is masked in the original)."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that ``text[start:end]`` stands for."""
        return self.starts[start], self.ends[end - 1]


_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NOT_PHONES = re.compile(  # blanked out before contact details are looked for
    r"[$€£]\s?\d[\d,.]*"  # prices
    r"|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"  # dates
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"  # times
    r"|\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b"  # amounts with thousands separators
    r"|(?<![\d.])\d{1,3}(?:\.\d{1,2})?\s?(?:%|am|pm|h|hrs?|hours?|min|mins|minutes|usd|eur|gbp|dollars|people|guests|looks)\b"
    r"|\b(?:order|invoice|ref|reference|booking|confirmation|tracking|serial|receipt)(?:\s+(?:no|number|id|code|is|was))*"
    r"[\s:#.]*[a-z]{0,5}[-_]?\d[\d\s-]*\d",  # references: "order 1234567", "booking ref RST-2026-114477"
    re.IGNORECASE,
)
_REWRITES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (_NOT_PHONES, lambda m: "x" * len(m.group())),
    (re.compile(rf"\b(?:{'|'.join(_DIGIT_WORDS)})\b", re.IGNORECASE), lambda m: str(_digit(m.group()))),
    (re.compile(r"(?<!\w)\d(?:[\s,.-]{1,3}\d(?!\w)){6,}"), lambda m: re.sub(r"\D", "", m.group())),  # "6, 4, 6, ..."
    (re.compile(r"(?<!\S)\S(?: \S(?!\S)){2,}"), lambda m: m.group().replace(" ", "")),  # "w w w . b o . c o m"
    (re.compile(r"\s*[(\[{]\s*at\s*[)\]}]\s*", re.IGNORECASE), lambda _m: "@"),
    (re.compile(r"\s*[(\[{]\s*dot\s*[)\]}]\s*", re.IGNORECASE), lambda _m: "."),
    (re.compile(r"(?<=\w)\s+dot\s+(?=\w)", re.IGNORECASE), lambda _m: "."),
    (re.compile(r"(?<=[\w.+-])\s+at\s+(?=(?>[\w-]+(?:\.[\w-]+)+)(?![/\w@]))", re.IGNORECASE), lambda _m: "@"),
)
_HANDLE = re.compile(r"(?<![\w.])@[a-z0-9_.]{3,30}\b", re.IGNORECASE)

_LEET = str.maketrans({"3": "e", "0": "o", "1": "i", "4": "a", "5": "s", "7": "t", "$": "s", "@": "a", "!": "i"})
_APPS = re.compile(
    r"\b(?:whats\s?app|telegram|wechat|viber|kik|snap\s?chat|snap me|insta(?:gram)?|ig|dm me|text me|"
    r"signal app|on signal|my (?:cell|number|mobile))\b"
)
_PAYMENTS = re.compile(
    r"\b(?:venmo|cash\s?app|zelle|pay\s?pal|wire (?:transfer|you|me)|crypto|bitcoin|"
    r"pay (?:you|me) directly|pay directly|off (?:the )?(?:app|platform|site)|outside (?:of )?the (?:app|platform)|"
    r"avoid (?:the )?fees?|skip (?:the )?fees?)\b"
)
_REFUSED = re.compile(r"\b(?:no|not|never|don'?t|do not|won'?t|will not|can'?t|cannot|without)\b(?:\W+\w+){0,3}\W*$")


def screen(text: str, detector: ContactDetector) -> tuple[Finding, ...]:
    """Everything in ``text`` that moves contact or payment off the platform, contact details first, by position."""
    contacts = _contacts(text, detector)
    words = normalised(text)
    said = [Finding(Kind.APP) for m in _APPS.finditer(words) if not _refused(words, m.start())][:1]
    said += [Finding(Kind.PAYMENT) for m in _PAYMENTS.finditer(words) if not _refused(words, m.start())][:1]
    return tuple(contacts) + tuple(said)


def contact_view(text: str) -> ContactView:
    """``text`` with obfuscation undone and prices, dates and times blanked: what the detector reads."""
    view = ContactView(text, tuple(range(len(text))), tuple(range(1, len(text) + 1)))
    for pattern, replacement in _REWRITES:
        view = _rewritten(view, pattern, replacement)
    return view


def _rewritten(view: ContactView, pattern: re.Pattern[str], replacement: Callable[[re.Match[str]], str]) -> ContactView:
    text: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    kept = 0
    for match in pattern.finditer(view.text):
        if match.end() == match.start():
            continue
        text.append(view.text[kept : match.start()])
        starts += view.starts[kept : match.start()]
        ends += view.ends[kept : match.start()]
        new = replacement(match)
        start, end = view.original(match.start(), match.end())
        text.append(new)
        starts += [start] * len(new)
        ends += [end] * len(new)
        kept = match.end()
    text.append(view.text[kept:])
    return ContactView("".join(text), (*starts, *view.starts[kept:]), (*ends, *view.ends[kept:]))


def _digit(word: str) -> int:
    return _DIGIT_WORDS.index(word.lower())


def _contacts(text: str, detector: ContactDetector) -> list[Finding]:
    view = contact_view(text)
    detected = [
        Finding(f.kind, *view.original(f.start, f.end))
        for f in detector.contacts(view.text)
        if f.kind in CONTACT_KINDS and 0 <= f.start < f.end <= len(view.text)
    ]
    handles = [Finding(Kind.HANDLE, m.start(), m.end()) for m in _HANDLE.finditer(text)]
    found: list[Finding] = []
    taken = [False] * len(text)
    for finding in sorted(detected, key=lambda f: (f.start, -f.end)) + handles:  # overlaps would garble the mask
        if not any(taken[finding.start : finding.end]):
            found.append(finding)
            taken[finding.start : finding.end] = [True] * (finding.end - finding.start)
    return sorted(found, key=lambda f: f.start)


def _refused(words: str, at: int) -> bool:
    """The writer turns the payment or app down ("I don't use Venmo")."""
    return bool(_REFUSED.search(words[:at]))


def normalised(text: str) -> str:
    """Lower case, leetspeak read as letters in words that mix both ("v3nm0"), and runs of single letters joined
    ("c a s h a p p", "v.e.n.m.o"), words separated by one space: what the app and payment words are looked for in."""
    tokens = re.findall(r"[\w$@!']+", text.lower())
    joined: list[str] = []
    run = ""
    for token in tokens:
        word = token.translate(_LEET) if re.search(r"[a-z]", token) else token
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            joined.append(run)
            run = ""
        joined.append(word)
    if run:
        joined.append(run)
    return " ".join(joined)


def masked(text: str, findings: tuple[Finding, ...]) -> str:
    """``text`` with each contact detail found in it replaced by ``MASK``."""
    spans = [f for f in findings if f.kind in CONTACT_KINDS and f.end > f.start]
    for finding in sorted(spans, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + MASK + text[finding.end :]
    return text


def redacted_phone(number: str) -> str:
    """A phone number as logs and staff views show it: ``+1***1234``."""
    digits = re.sub(r"\D", "", number)
    return f"+{digits[:1]}***{digits[-4:]}" if len(digits) > 5 else "***"


def redacted_email(address: str) -> str:
    """An e-mail address as logs and staff views show it: ``a***@gmail.com``."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"
