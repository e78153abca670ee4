from datetime import date

import pytest
from django.core.exceptions import ValidationError

from concerns.cpr import century_year, parse_cpr


def test_it_accepts_a_number_with_a_dash():
    cpr = parse_cpr("150909-4123")
    assert cpr.digits == "1509094123"
    assert cpr.birth_date == date(2009, 9, 15)


def test_it_accepts_ten_digits():
    assert parse_cpr("1509094123").formatted == "150909-4123"


def test_it_accepts_a_1_january_number_that_fails_modulus_11():
    # Since 2007 the CPR office issues such numbers when a birth date runs out of
    # modulus-11-valid serials; 1 January is the typical case.
    digits = "0101651234"
    weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1]
    assert sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 != 0
    cpr = parse_cpr("010165-1234")
    assert cpr.birth_date == date(1965, 1, 1)


@pytest.mark.parametrize(
    ("value", "born"),
    [
        ("010199-0001", date(1999, 1, 1)),  # 7th digit 0-3: 1900s
        ("010199-3001", date(1999, 1, 1)),
        ("010120-4001", date(2020, 1, 1)),  # 4 with YY <= 36: 2000s
        ("010137-4001", date(1937, 1, 1)),  # 4 with YY > 36: 1900s
        ("010120-9001", date(2020, 1, 1)),  # 9 like 4
        ("010160-9001", date(1960, 1, 1)),
        ("010120-5001", date(2020, 1, 1)),  # 5-8 with YY <= 57: 2000s
        ("010158-5001", date(1858, 1, 1)),  # 5-8 with YY > 57: 1858-1899
        ("311299-8001", date(1899, 12, 31)),
    ],
)
def test_it_reads_the_century_from_the_seventh_digit(value, born):
    assert parse_cpr(value).birth_date == born


def test_century_table_edges():
    assert century_year(36, 4) == 2036
    assert century_year(37, 9) == 1937
    assert century_year(57, 6) == 2057
    assert century_year(58, 7) == 1858


@pytest.mark.parametrize("value", ["310209-1234", "300290-1234", "320190-1234", "001290-1234", "011390-1234"])
def test_it_refuses_impossible_dates_with_a_danish_message(value):
    with pytest.raises(ValidationError) as error:
        parse_cpr(value)
    assert error.value.code == "cpr_date"


@pytest.mark.parametrize("value", ["", "12345", "abcdef-ghij", "150909-41234", "15-09-09-4123"])
def test_it_refuses_malformed_input(value):
    with pytest.raises(ValidationError) as error:
        parse_cpr(value)
    assert error.value.code == "cpr_format"


def test_it_refuses_a_birth_date_in_the_future():
    with pytest.raises(ValidationError) as error:
        parse_cpr("010150-5001")  # 2050
    assert error.value.code == "cpr_future"


def test_it_derives_gender_from_the_last_digit():
    assert parse_cpr("150909-4124").gender == "female"
    assert parse_cpr("150909-4123").gender == "male"
