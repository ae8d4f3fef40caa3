"""Where the data lives and the few settings kept outside the database.

The data folder is the user's (platformdirs); it holds the data file `tdkt.db`, stored files
(`files/`), backups (`backups/`) and the error log (`logs/`).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "TDKT"
DATA_FILE_NAME = "tdkt.db"


def data_dir() -> Path:
    """The user's data folder; TDKT_DATA_DIR overrides it (tests, portable installs)."""
    override = os.environ.get("TDKT_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / DATA_FILE_NAME


def folder_for(db_path: Path, name: str) -> Path:
    """A folder that belongs to a data file (files, backups, logs), beside it."""
    path = Path(db_path).resolve().parent / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def files_dir(db_path: Path) -> Path:
    return folder_for(db_path, "files")


def backups_dir(db_path: Path) -> Path:
    return folder_for(db_path, "backups")


def logs_dir(db_path: Path | None = None) -> Path:
    base = Path(db_path).resolve().parent if db_path else data_dir()
    path = base / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path
