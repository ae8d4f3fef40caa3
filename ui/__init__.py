"""TĐKT's desktop GUI (PySide6): windows, tabs, table models, dialogs, background work.

All Qt code lives here; it reaches the office's work only through plain functions in `app/`.
"""
