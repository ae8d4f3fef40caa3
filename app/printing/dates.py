"""The date a printed form carries: the rules live in app/dates.py (the figures of a year are
counted to the same day); the forms import them from here."""

from app.dates import as_of, form_date, parse_form_date, refuse_other_date, year_end

__all__ = ["as_of", "form_date", "parse_form_date", "refuse_other_date", "year_end"]
