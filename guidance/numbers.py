"""Numbers as GOV.UK writes them, from one place: pages, tables, charts and PDFs all print
figures through these functions.

- ``number(188489)`` is '188,489'; ``number(12.5)`` is '12.5' (never '1.25e+01');
- ``pounds(93280)`` is '£93,280'; ``pounds(14_200_000)`` is '£14.2 million';
  ``pounds(3_300_000_000)`` is '£3.3 billion';
- ``per_cent(15)`` is '15%';
- ``one_in(4)`` is '1 in 4'.

:data:`FULL_BILLIONS` finds an amount of a billion pounds or more written in full digits
('£3,300,000,000'), which the check refuses in a record's text.
"""

from __future__ import annotations

import re
from decimal import Decimal

MILLION, BILLION = 1_000_000, 1_000_000_000

# £ and 10 or more digits, with or without thousands commas: a billion pounds or more in full.
# Possessive and anchored on the £, so a search takes time in proportion to the text.
FULL_BILLIONS = re.compile(r"£\s?+(?:\d{1,3}(?:,\d{3}){3,}+|\d{10,}+)(?![\d,])")


def number(value: float) -> str:
    """1234.0 -> '1,234'; 12.5 -> '12.5'; 0.00005 -> '0.00005' (never '5e-05').

    Values are finite (the schema refuses infinity and 'not a number'), so int() cannot fail.
    """
    if value == int(value):
        return f"{value:,.0f}"
    return f"{Decimal(repr(value)):,f}"  # the shortest digits that give the value, without an exponent


def pounds(value: float) -> str:
    """An amount of money: '£850,000', '£75.50', '£14.2 million', '£1.25 billion' (at most 2 decimals)."""
    if value < MILLION:
        return f"£{number(value)}" if value == int(value) else f"£{value:,.2f}"
    size, word = (BILLION, "billion") if round(value / BILLION, 2) >= 1 else (MILLION, "million")
    return f"£{value / size:.2f}".rstrip("0").rstrip(".") + f" {word}"


def per_cent(value: float) -> str:
    return f"{number(value)}%"


def one_in(value: float) -> str:
    """A proportion as '1 in 4' (the value is the 4)."""
    return f"1 in {number(value)}"
