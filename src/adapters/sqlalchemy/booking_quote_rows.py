"""Explicit mapping between a stored checkout quote (a JSON document) and ``CheckoutQuote``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.sqlalchemy.booking_rows import policy_from, policy_json
from core.booking.amounts import BookingAmounts
from core.booking.pricing import CheckoutQuote, QuoteLine
from core.shared.money import Money


def quote_json(quote: CheckoutQuote) -> dict[str, Any]:
    amounts = quote.amounts
    return {
        "quote_id": quote.quote_id,
        "start": quote.start.isoformat(),
        "end": quote.end.isoformat(),
        "item_codes": list(quote.item_codes),
        "lines": [{"kind": line.kind, "label": line.label, "amount": line.amount.amount} for line in quote.lines],
        "currency": quote.currency,
        "subtotal": amounts.subtotal.amount,
        "service_fee": amounts.service_fee.amount,
        "tax": amounts.tax.amount,
        "deposit": amounts.deposit.amount,
        "jurisdiction": quote.jurisdiction,
        "tax_rate_bps": quote.tax_rate_bps,
        "policy": policy_json(quote.policy),
        "policy_summary": quote.policy_summary,
        "created_at": quote.created_at.isoformat(),
        "expires_at": quote.expires_at.isoformat(),
    }


def quote_from(data: dict[str, Any]) -> CheckoutQuote:
    currency = data["currency"]
    amounts = BookingAmounts(
        subtotal=Money(data["subtotal"], currency),
        service_fee=Money(data["service_fee"], currency),
        tax=Money(data["tax"], currency),
        deposit=Money(data["deposit"], currency),
    )
    return CheckoutQuote(
        quote_id=data["quote_id"],
        start=datetime.fromisoformat(data["start"]),
        end=datetime.fromisoformat(data["end"]),
        item_codes=tuple(data["item_codes"]),
        lines=tuple(QuoteLine(line["kind"], line["label"], Money(line["amount"], currency)) for line in data["lines"]),
        amounts=amounts,
        jurisdiction=data["jurisdiction"],
        tax_rate_bps=data["tax_rate_bps"],
        policy=policy_from(data["policy"]),
        policy_summary=data["policy_summary"],
        created_at=datetime.fromisoformat(data["created_at"]),
        expires_at=datetime.fromisoformat(data["expires_at"]),
    )
