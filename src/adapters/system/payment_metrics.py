"""Payments on /metrics: what each reconciliation pass found (mismatches it could not repair, repairs it made)."""

from __future__ import annotations

import structlog
from prometheus_client import Counter, Gauge

from core.booking.reconciliation import ReconcileReport

log = structlog.get_logger("rastup.payments")

MISMATCHES = Gauge("rastup_payments_unrepaired_mismatches", "Intents on which the ledger and the gateway disagree "
                   "and reconciliation cannot repair (last pass)", multiprocess_mode="mostrecent")  # fmt: skip
REPAIRS = Counter("rastup_payments_reconcile_repairs", "Intents whose ledger reconciliation brought up to the gateway")
PASSES = Counter("rastup_payments_reconcile_passes", "Reconciliation passes run")


def observed(report: ReconcileReport) -> ReconcileReport:
    """Count ``report`` on /metrics and log every mismatch (an operator lists them with `rastup payments reconcile`)."""
    PASSES.inc()
    REPAIRS.inc(len(report.repaired))
    MISMATCHES.set(len(report.mismatches))
    for mismatch in report.mismatches:
        log.warning("payment_mismatch", booking_id=mismatch.booking_id, intent_id=mismatch.intent_id,
                    problem=mismatch.problem)  # fmt: skip
    return report
