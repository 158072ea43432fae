"""Converting project amounts to euros for the PMO's 5 M€ rule.

A fixed table of reference rates until the finance app provides dated exchange rates; the rule only needs
the order of magnitude of a budget, so a yearly reference rate is good enough here.
"""

from __future__ import annotations

from decimal import Decimal

from projectoffice.core.errors import ApplicationError

EUR_PER_UNIT: dict[str, Decimal] = {
    "EUR": Decimal("1"),
    "USD": Decimal("0.92"),
    "GBP": Decimal("1.17"),
    "CHF": Decimal("1.04"),
    "INR": Decimal("0.011"),
    "BRL": Decimal("0.17"),
    "SGD": Decimal("0.69"),
    "CAD": Decimal("0.68"),
    "JPY": Decimal("0.0061"),
    "CNY": Decimal("0.13"),
    "SEK": Decimal("0.087"),
    "PLN": Decimal("0.23"),
}


def to_eur(amount: Decimal, currency: str) -> Decimal:
    """``amount`` of ``currency`` in euros at the reference rate; refuses a currency the table lacks."""
    rate = EUR_PER_UNIT.get(currency.upper())
    if rate is None:
        raise ApplicationError(f"No reference rate to convert {currency} to EUR.", field="currency")
    return (amount * rate).quantize(Decimal("0.01"))
