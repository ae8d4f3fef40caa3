"""Vietnamese numbers, money and dates as the documents print them."""

import datetime as dt

from app.formats import (
    decimal,
    long_date,
    money,
    money_in_words,
    number,
    percent,
    place_date,
    short_date,
)


def test_thousands_use_dots_and_money_says_dong():
    assert number(1234000) == "1.234.000"
    assert money(1234000) == "1.234.000 đồng"
    assert money(0) == "0 đồng"
    assert number(-2500) == "-2.500"
    assert number(None) == "" and money(None) == ""


def test_decimals_use_a_comma_and_drop_trailing_zeros():
    assert decimal(95.5) == "95,5"
    assert decimal(90) == "90"
    assert decimal(1234.25) == "1.234,25"
    assert percent(600 / 7) == "85,71%"


def test_money_in_words_follows_vietnamese_reading():
    assert money_in_words(710_000) == "Bảy trăm mười nghìn đồng"
    assert money_in_words(1_410_000) == "Một triệu bốn trăm mười nghìn đồng"
    assert money_in_words(2_340_000) == "Hai triệu ba trăm bốn mươi nghìn đồng"
    assert money_in_words(1_005_000) == "Một triệu không trăm linh năm nghìn đồng"
    assert money_in_words(21_000) == "Hai mươi mốt nghìn đồng"
    assert money_in_words(15_000) == "Mười lăm nghìn đồng"
    assert money_in_words(25_000) == "Hai mươi lăm nghìn đồng"
    assert money_in_words(1_000_000_000) == "Một tỷ đồng"


def test_document_dates_pad_days_and_the_first_two_months():
    assert long_date(dt.date(2025, 12, 5)) == "ngày 05 tháng 12 năm 2025"
    assert long_date(dt.date(2025, 2, 9)) == "ngày 09 tháng 02 năm 2025"
    assert long_date(dt.date(2025, 3, 15)) == "ngày 15 tháng 3 năm 2025"
    assert place_date("Tam Đường", dt.date(2025, 12, 5)) == "Tam Đường, ngày 05 tháng 12 năm 2025"
    assert short_date(dt.date(2025, 7, 1)) == "01/07/2025"
