"""TĐKT — the office's work: services, rules, Excel, printing. Never imports Qt."""

__version__ = "0.1.0"
