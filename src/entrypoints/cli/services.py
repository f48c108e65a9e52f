"""`rastup services ...`: list, offer and change a profile's bookable services (operators act for the owner)."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Annotated

import typer

from core.profiles.model import Role
from core.profiles.services import ChangeService, OfferService, services_of
from core.profiles.visibility import OPERATOR
from core.shared.errors import InvalidInput
from core.shared.money import CURRENCY_EXPONENTS, Money
from entrypoints.cli.errors import reports_errors
from entrypoints.cli.invocation import current_container, handle
from entrypoints.shapes.bounds import MAX_AMOUNT, MAX_MINUTES
from entrypoints.shapes.converter import unstructured
from entrypoints.shapes.services import ServiceOut

app = typer.Typer(help="Bookable services: what checkout books, at what rate, under which policy.",
                  no_args_is_help=True)  # fmt: skip

RateOption = Annotated[str | None, typer.Option(help="Hourly rate in major units, e.g. 150 or 149.50.")]
CurrencyOption = Annotated[str, typer.Option(help="ISO-4217 currency of the rate.")]
PolicyOption = Annotated[str | None, typer.Option(help="Cancellation policy: flexible, moderate or strict.")]


def _print(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _money(rate: str, currency: str) -> Money:
    """``149.50`` USD -> 14950 minor units; more decimals than the currency has is an error, never rounded."""
    currency = currency.upper()
    if currency not in CURRENCY_EXPONENTS:
        raise InvalidInput("currency", f"{currency} is not a known ISO-4217 currency")
    try:
        minor = Decimal(rate).scaleb(CURRENCY_EXPONENTS[currency])
    except InvalidOperation:
        raise InvalidInput("rate", f"{rate!r} is not a number") from None
    if not minor.is_finite() or not 0 <= minor <= MAX_AMOUNT:
        raise InvalidInput("rate", f"must be a number from 0 to {MAX_AMOUNT} minor units")
    if minor != minor.to_integral_value():
        raise InvalidInput("rate", f"{currency} has {CURRENCY_EXPONENTS[currency]} decimals")
    return Money(int(minor), currency)


@app.command("list")
@reports_errors
def list_(profile_id: str) -> None:
    """The profile's services as JSON (the same as GET /api/profiles/{id}/services)."""
    services = services_of(profile_id, OPERATOR, current_container().profiles_uow())
    _print([unstructured(ServiceOut.of(service)) for service in services])


@app.command()
@reports_errors
def offer(
    profile_id: str,
    title: Annotated[str, typer.Option(help="What the client books, e.g. 'Portrait session'.")],
    rate: Annotated[str, typer.Option(help="Hourly rate in major units, e.g. 150 or 149.50.")],
    currency: CurrencyOption = "USD",
    role: Annotated[Role | None, typer.Option(help="One of the profile's roles (needed when it has several).")] = None,
    min_duration: Annotated[int, typer.Option(min=0, max=MAX_MINUTES, help="Minimum booking, minutes.")] = 60,
    policy: Annotated[str, typer.Option(help="Cancellation policy: flexible, moderate or strict.")] = "moderate",
) -> None:
    """Offer a new bookable service on PROFILE_ID; prints it as JSON."""
    command = OfferService(actor=OPERATOR, profile_id=profile_id, title=title, hourly_rate=_money(rate, currency),
                           role=role, min_duration_minutes=min_duration, cancellation_policy=policy)  # fmt: skip
    _print(unstructured(ServiceOut.of(handle(command))))


@app.command()
@reports_errors
def change(
    service_id: str,
    title: Annotated[str | None, typer.Option(help="A new title.")] = None,
    rate: RateOption = None,
    currency: CurrencyOption = "USD",
    min_duration: Annotated[int | None, typer.Option(min=0, max=MAX_MINUTES, help="Minimum booking, minutes.")] = None,
    policy: PolicyOption = None,
) -> None:
    """Change SERVICE_ID; options left out stay as they are. Bookings made already keep their quote."""
    command = ChangeService(actor=OPERATOR, service_id=service_id, title=title,
                            min_duration_minutes=min_duration,
                            hourly_rate=None if rate is None else _money(rate, currency),
                            cancellation_policy=policy)  # fmt: skip
    _print(unstructured(ServiceOut.of(handle(command))))
