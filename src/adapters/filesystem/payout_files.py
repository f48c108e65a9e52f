"""Manual payouts: a payout into the day's file (nothing sent), and the files written to a local directory."""

from __future__ import annotations

import os
from pathlib import Path

from core.payments.payouts import PayoutInstruction, PayoutMethod, PayoutReceipt
from core.shared.errors import InvalidInput


class ManualPayouts:
    """The ``Payouts`` of providers without a connected account: the payout goes into the day's payout file, paid
    by hand (``rastup payments payouts --date``). Idempotent: it sends nothing."""

    def pay(self, instruction: PayoutInstruction) -> PayoutReceipt:
        if instruction.amount.amount <= 0:
            raise InvalidInput("amount", "must be positive")
        return PayoutReceipt(PayoutMethod.MANUAL, None)


class LocalPayoutFiles:
    """``PayoutFiles`` in a directory; a file is written beside its final name and renamed, so never half-written."""

    def __init__(self, directory: str | Path) -> None:
        self._directory = Path(directory)

    def write(self, name: str, content: bytes) -> str:
        if "/" in name or name.startswith("."):
            raise InvalidInput("name", "a plain file name")
        self._directory.mkdir(parents=True, exist_ok=True)
        final = self._directory / name
        partial = final.with_name(f".{name}.partial")
        partial.write_bytes(content)
        os.replace(partial, final)
        return str(final)
