"""The contract of ``DisputeReader`` (the reviews unit's view of payments' disputes), run against every adapter:
a booking is disputed while any dispute of its charge is open, and no longer once each is won, lost or closed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import attrs
import pytest

from core.booking.money_ports import MoneyUnitOfWork
from core.payments.webhooks import DisputeRecord
from core.reviews.ports import ReviewsUnitOfWork
from core.shared.money import Money

T0 = datetime(2030, 2, 1, 12, tzinfo=UTC)
NewReviewsUow = Callable[[], ReviewsUnitOfWork]
NewMoneyUow = Callable[[], MoneyUnitOfWork]


def dispute(dispute_id: str, booking_id: str, status: str) -> DisputeRecord:
    return DisputeRecord(dispute_id, booking_id, "pi_1", Money(1_000, "EUR"), "fraudulent", status, T0, {"pack": 1})


class DisputeReaderContract:
    @pytest.fixture
    def new_uow(self) -> NewReviewsUow:
        raise NotImplementedError

    @pytest.fixture
    def new_money_uow(self) -> NewMoneyUow:
        raise NotImplementedError

    def _save(self, new_money_uow: NewMoneyUow, *disputes: DisputeRecord) -> None:
        with new_money_uow() as uow:
            for record in disputes:
                uow.disputes.save(record)
            uow.commit()

    def _disputed(self, new_uow: NewReviewsUow, booking_id: str) -> bool:
        with new_uow().reading() as uow:
            return uow.disputes.has_open_dispute(booking_id)

    def test_a_booking_is_disputed_while_a_dispute_of_it_is_open(
        self, new_uow: NewReviewsUow, new_money_uow: NewMoneyUow
    ) -> None:
        assert not self._disputed(new_uow, "bkg_1")
        opened = dispute("dp_1", "bkg_1", "needs_response")
        self._save(new_money_uow, opened, dispute("dp_2", "bkg_2", "won"))
        assert self._disputed(new_uow, "bkg_1")
        assert not self._disputed(new_uow, "bkg_2")  # only closed disputes
        self._save(new_money_uow, attrs.evolve(opened, status="under_review"))
        assert self._disputed(new_uow, "bkg_1")

    @pytest.mark.parametrize("closed", ["won", "lost", "warning_closed"])
    def test_a_closed_dispute_lifts_it_unless_another_is_open(
        self, new_uow: NewReviewsUow, new_money_uow: NewMoneyUow, closed: str
    ) -> None:
        first, second = dispute("dp_1", "bkg_1", "needs_response"), dispute("dp_3", "bkg_1", "warning_needs_response")
        self._save(new_money_uow, first, second)
        self._save(new_money_uow, attrs.evolve(first, status=closed))
        assert self._disputed(new_uow, "bkg_1")
        self._save(new_money_uow, attrs.evolve(second, status=closed))
        assert not self._disputed(new_uow, "bkg_1")
