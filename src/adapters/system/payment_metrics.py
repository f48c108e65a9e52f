"""Payments on /metrics: what each reconciliation pass found (mismatches it could not repair, repairs it made)."""

from __future__ import annotations

import structlog
from prometheus_client import Counter, Gauge

from core.booking.reconciliation import ReconcileReport

log = structlog.get_logger("rastup.payments")

MISMATCHES = Gauge("rastup_payments_unrepaired_mismatches", "Intents on which the ledger and the gateway disagree "
                   "and reconciliation cannot repair (last pass)", multiprocess_mode="mostrecent")  # fmt: skip
REPAIRS = Counter("rastup_payments_reconcile_repairs", "Intents whose ledger reconciliation brought up to the gateway")
VOIDS = Counter(
    "rastup_payments_orphan_holds_voided",
    "Authorizations nobody heard of (their answer was lost) "
    "voided by reconciliation once their booking could no longer use them",
)
PASSES = Counter("rastup_payments_reconcile_passes", "Reconciliation passes run")


def observed(report: ReconcileReport) -> ReconcileReport:
    """Count ``report`` on /metrics and log every mismatch (an operator lists them with `rastup payments reconcile`)."""
    PASSES.inc()
    REPAIRS.inc(len(report.repaired))
    VOIDS.inc(len(report.voided))
    for orphan in report.voided:
        log.warning("payment_orphan_voided", booking_id=orphan.booking_id, intent_id=orphan.intent_id,
                    reason=orphan.reason)  # fmt: skip
    MISMATCHES.set(len(report.mismatches))
    for mismatch in report.mismatches:
        log.warning("payment_mismatch", booking_id=mismatch.booking_id, intent_id=mismatch.intent_id,
                    problem=mismatch.problem)  # fmt: skip
    return report
