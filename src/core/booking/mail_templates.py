"""The booking mails' templates: each a subject, a plain-text body and an HTML body over the same fields.

Fields are filled with ``string.Template``; the HTML body gets every field HTML-escaped (a display name or a
reason is user text), the text body gets it as is.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from string import Template

import attrs


@attrs.frozen
class MailTemplate:
    subject: str
    text: str
    html: str

    def render(self, fields: Mapping[str, str]) -> tuple[str, str, str]:
        """Subject, text and HTML with ``fields`` filled in. Raises ``KeyError`` for a field the template lacks."""
        escaped = {name: html.escape(value) for name, value in fields.items()}
        return (Template(self.subject).substitute(fields), Template(self.text).substitute(fields),
                Template(self.html).substitute(escaped))  # fmt: skip


_HTML = '<!doctype html><html><body style="font-family:sans-serif">$body<p>RastUp</p></body></html>'


def _page(body: str) -> str:
    return _HTML.replace("$body", body)


BOOKING_CONFIRMED = MailTemplate(
    subject="RastUp: your booking $booking_id is confirmed",
    text=(
        "Your booking $booking_id is confirmed.\n\n"
        "When: $start to $end (UTC)\n"
        "Paid: $total\n\n"
        "Cancellation policy: $policy\n"
    ),
    html=_page(
        "<h1>Your booking is confirmed</h1>"
        "<p>Booking <strong>$booking_id</strong></p>"
        '<table><tr><th align="left">When</th><td>$start to $end (UTC)</td></tr>'
        '<tr><th align="left">Paid</th><td>$total</td></tr></table>'
        "<p>Cancellation policy: $policy</p>"
    ),
)

BOOKING_CANCELLED = MailTemplate(
    subject="RastUp: booking $booking_id is cancelled",
    text=(
        "Booking $booking_id was cancelled by the $cancelled_by.\n\n"
        "Refunded to you now: $refund\n"
        "Refunded before: $previously_refunded\n"
        "Paid in all: $captured\n\n"
        "A refund reaches your card within 5-10 business days.\n"
    ),
    html=_page(
        "<h1>Your booking is cancelled</h1>"
        "<p>Booking <strong>$booking_id</strong> was cancelled by the $cancelled_by.</p>"
        '<table><tr><th align="left">Refunded to you now</th><td>$refund</td></tr>'
        '<tr><th align="left">Refunded before</th><td>$previously_refunded</td></tr>'
        '<tr><th align="left">Paid in all</th><td>$captured</td></tr></table>'
        "<p>A refund reaches your card within 5-10 business days.</p>"
    ),
)

PART_REFUNDED = MailTemplate(
    subject="RastUp: a refund for booking $booking_id",
    text=(
        "We refunded $amount of your payment for booking $booking_id.\n\n"
        "Why: $reason\n"
        "Refunded in all so far: $refunded\n\n"
        "A refund reaches your card within 5-10 business days.\n"
    ),
    html=_page(
        "<h1>We refunded part of your payment</h1>"
        "<p>We refunded <strong>$amount</strong> of your payment for booking $booking_id.</p>"
        '<table><tr><th align="left">Why</th><td>$reason</td></tr>'
        '<tr><th align="left">Refunded in all so far</th><td>$refunded</td></tr></table>'
        "<p>A refund reaches your card within 5-10 business days.</p>"
    ),
)

PAYOUT_SENT = MailTemplate(
    subject="RastUp: your payout for booking $booking_id",
    text=("We paid you $amount for booking $booking_id.\n\nHow: $method\nReference: $reference\n"),
    html=_page(
        "<h1>Your payout is on its way</h1>"
        "<p>We paid you <strong>$amount</strong> for booking $booking_id.</p>"
        '<table><tr><th align="left">How</th><td>$method</td></tr>'
        '<tr><th align="left">Reference</th><td>$reference</td></tr></table>'
    ),
)
