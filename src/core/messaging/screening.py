"""Anti-circumvention screening: finds contact details and off-platform talk in a message's text. Pure.

What counts (``Finding.kind``): a phone number (7 to 15 digits, written as digits, spelled out "five five five" or
mixed, with spaces, dots, dashes or brackets between them), an e-mail address (also "ana at gmail dot com"), a link
or a bare domain, an ``@handle``, a messaging app ("whatsapp", "dm me") and payment off the platform ("venmo",
"pay you directly"), the last two also through leetspeak ("v3nm0") and spacing ("c a s h a p p").

What does not (the false positives a marketplace cannot afford): prices ("$250", "1,200.50"), dates
("2026-12-03", "12/03/2026"), times ("10:30"), durations and counts, booking references ("bkg_01J..."), a studio's
street address (a house number has at most 5 digits), and a payment word the writer refuses ("I don't use Venmo,
I'll pay here"). Contact details are masked by span, so what the recipient sees keeps the rest of the text.
"""

from __future__ import annotations

import re
from enum import StrEnum

import attrs


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


_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_DIGIT = r"(?:\d|" + "|".join(_DIGIT_WORDS) + r")"
_PHONE_RUN = re.compile(rf"(?<![\w$€£]){_DIGIT}(?:[\s\-.()/]{{0,3}}\+?{_DIGIT})+(?![\w])", re.IGNORECASE)
_COUNTED = re.compile(rf"\d|{'|'.join(_DIGIT_WORDS)}", re.IGNORECASE)
_NOT_PHONES = re.compile(  # blanked out before phones are looked for
    r"[$€£]\s?\d[\d,.]*"  # prices
    r"|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"  # dates
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"  # times
    r"|\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b"  # amounts with thousands separators
    r"|(?<![\d.])\d{1,3}(?:\.\d{1,2})?\s?(?:%|am|pm|h|hrs?|hours?|min|mins|minutes|usd|eur|gbp|dollars|people|guests|looks)\b",
    re.IGNORECASE,
)
_PROVIDERS = r"(?:gmail|googlemail|yahoo|hotmail|outlook|icloud|proton(?:mail)?|aol|live|msn|gmx|me)"
_TLDS = r"(?:com|net|org|io|co|me|us|uk|de|fr|ly|gg|app|info|biz|xyz|link)"
_AT = r"(?:@|\s*[(\[{]\s*at\s*[)\]}]\s*|\s+at\s+)"
_DOT = r"(?:\.|\s*[(\[{]\s*dot\s*[)\]}]\s*|\s+dot\s+)"
_EMAIL = re.compile(
    rf"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{{2,}}"
    rf"|[\w.+-]+{_AT}(?:{_PROVIDERS}{_DOT}{_TLDS}|[\w-]+\s+dot\s+{_TLDS})\b"
    rf"|[\w.+-]+\s*[(\[{{]\s*at\s*[)\]}}]\s*[\w-]+{_DOT}{_TLDS}\b",
    re.IGNORECASE,
)
_LINK = re.compile(
    rf"\bhttps?://\S+|\bwww\.\S+|\b[a-z0-9-]{{2,}}\.{_TLDS}(?:/\S*)?\b|\b[a-z0-9-]{{2,}}\s+dot\s+{_TLDS}\b",
    re.IGNORECASE,
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


def screen(text: str) -> tuple[Finding, ...]:
    """Everything in ``text`` that moves contact or payment off the platform, contact details first, by position."""
    contacts = _contacts(text)
    words = normalised(text)
    said = [Finding(Kind.APP) for m in _APPS.finditer(words) if not _refused(words, m.start())][:1]
    said += [Finding(Kind.PAYMENT) for m in _PAYMENTS.finditer(words) if not _refused(words, m.start())][:1]
    return tuple(contacts) + tuple(said)


def _contacts(text: str) -> list[Finding]:
    found: list[Finding] = []
    taken = [False] * len(text)
    for kind, pattern in ((Kind.EMAIL, _EMAIL), (Kind.LINK, _LINK), (Kind.HANDLE, _HANDLE)):
        for match in pattern.finditer(text):
            if not any(taken[match.start() : match.end()]):
                found.append(Finding(kind, match.start(), match.end()))
                taken[match.start() : match.end()] = [True] * (match.end() - match.start())
    blanked = _NOT_PHONES.sub(lambda m: "x" * len(m.group()), text)
    for match in _PHONE_RUN.finditer(blanked):
        digits = len(_COUNTED.findall(match.group()))
        if 7 <= digits <= 15 and not any(taken[match.start() : match.end()]):
            found.append(Finding(Kind.PHONE, match.start(), match.end()))
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
