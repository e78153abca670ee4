"""Danish CPR numbers: parsing, the century rule and derived birth date and gender.

Since 2007 valid CPR numbers may fail the modulus-11 check, so it is never applied.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# ASCII digits only: Python's `\d` also matches "１" and "١", which would be stored as typed.
CPR_PATTERN = re.compile(r"^\s*([0-9]{2})([0-9]{2})([0-9]{2})[-\s]?([0-9]{4})\s*$", re.ASCII)


def ascii_digits(value: str) -> str:
    """The text with every decimal digit of any script as its ASCII digit.

    A number pasted from a full-width keyboard ("１５０９０９－４１２３") or typed with
    Arabic-Indic digits means the same person; it is read, stored and searched as ASCII,
    so the auditor's search by the ordinary number finds it. NFKC also folds the
    full-width hyphen and space.
    """
    value = unicodedata.normalize("NFKC", value or "")
    return "".join(
        str(unicodedata.decimal(c)) if not c.isascii() and unicodedata.decimal(c, None) is not None else c
        for c in value
    )


@dataclass(frozen=True)
class CPR:
    digits: str
    birth_date: date
    gender: str  # "female" or "male": the last digit is even for women

    @property
    def formatted(self) -> str:
        return f"{self.digits[:6]}-{self.digits[6:]}"


def century_year(yy: int, seventh: int) -> int:
    """The full birth year from the two-digit year and the 7th digit (CPR-kontoret's table)."""
    if seventh <= 3:
        return 1900 + yy
    if seventh in (4, 9):
        return 2000 + yy if yy <= 36 else 1900 + yy
    return 2000 + yy if yy <= 57 else 1800 + yy


def parse_cpr(value: str) -> CPR:
    match = CPR_PATTERN.match(ascii_digits(value))
    if not match:
        raise ValidationError(_("Enter the CPR number as DDMMYY-SSSS or as ten digits."), code="cpr_format")
    dd, mm, yy, serial = match.groups()
    year = century_year(int(yy), int(serial[0]))
    try:
        born = date(year, int(mm), int(dd))
    except ValueError:
        raise ValidationError(_("The CPR number does not begin with a real date (DDMMYY)."), code="cpr_date") from None
    if born > timezone.localdate():
        raise ValidationError(_("The CPR number gives a birth date in the future."), code="cpr_future")
    gender = "female" if int(serial[-1]) % 2 == 0 else "male"
    return CPR(digits=f"{dd}{mm}{yy}{serial}", birth_date=born, gender=gender)
