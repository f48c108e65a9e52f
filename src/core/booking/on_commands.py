"""The booking context's commands and their handlers, for the command bus (``core.shared.commands``).

Requests and confirmations made without checkout (``RequestBooking``, ``ConfirmBooking``) and the sweeps are
not here: no edge issues them (checkout does, inside its own handlers; the service runs the sweeps).
"""

from __future__ import annotations

from core.booking.checkout import ConfirmCheckout, StartCheckout, confirm_checkout, start_checkout
from core.booking.commands import AcceptBooking, CancelBooking, CompleteBooking, DeclineBooking
from core.booking.handlers import accept_booking, cancel_booking, complete_booking, decline_booking
from core.shared.commands import CommandHandlers

COMMANDS: CommandHandlers = {
    StartCheckout: start_checkout,
    ConfirmCheckout: confirm_checkout,
    AcceptBooking: accept_booking,
    DeclineBooking: decline_booking,
    CancelBooking: cancel_booking,
    CompleteBooking: complete_booking,
}
