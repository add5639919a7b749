"""SQLite storage for reviews: chart files, parsed documents, checklists and the audit trail.

Every table is append-only: triggers abort any UPDATE or DELETE, so a reviewer's work cannot be
lost or rewritten by the app. A re-analysis adds a new checklist version; the latest is shown.
Each call opens its own short connection, so several Streamlit sessions (tabs, reviewers) and the
CLI can share one database file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from extractor.models import Checklist, Document, SourceFile
from extractor.review.actions import utc_now
from extractor.review.models import Action, AuditEvent, Review, Reviewer, ReviewSummary

DATA_DIR_ENV = "FACET_DATA_DIR"
DEFAULT_DATA_DIR = "data"
DB_NAME = "reviews.sqlite3"

_TABLES = ("reviews", "files", "documents", "checklists", "audit")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    review_id TEXT NOT NULL REFERENCES reviews(id),
    position INTEGER NOT NULL,
    source TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (review_id, position)
);
CREATE TABLE IF NOT EXISTS documents (
    review_id TEXT NOT NULL REFERENCES reviews(id),
    position INTEGER NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (review_id, position)
);
CREATE TABLE IF NOT EXISTS checklists (
    review_id TEXT NOT NULL REFERENCES reviews(id),
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    checklist TEXT NOT NULL,
    PRIMARY KEY (review_id, version)
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id TEXT NOT NULL REFERENCES reviews(id),
    at TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    action TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_review ON audit(review_id, id);
"""

_APPEND_ONLY = """
CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
"""


class ReviewNotFoundError(KeyError):
    """No review with that id in this data directory."""


def data_dir_from_env() -> Path:
    """Returns the data directory: $FACET_DATA_DIR, else ./data."""
    return Path(os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR)


class ReviewStore:
    """Reviews in one SQLite file under a data directory (created on first use)."""

    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_NAME
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            for table in _TABLES:
                db.executescript(_APPEND_ONLY.format(table=table))

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.execute("PRAGMA foreign_keys=ON")
            with db:  # one transaction: commit, or roll back on error
                yield db
        finally:
            db.close()

    # ------------------------------------------------------------------ writing

    def create(
        self,
        files: Sequence[tuple[SourceFile, bytes]],
        documents: Sequence[Document],
        checklist: Checklist,
        reviewer: Reviewer,
        action: Action,
    ) -> str:
        """Stores a new review (files, documents, checklist v1, first event); returns its id."""
        review_id = uuid.uuid4().hex[:12]
        now = utc_now().isoformat()
        with self._connect() as db:
            db.execute("INSERT INTO reviews VALUES (?, ?, ?)",
                       (review_id, now, reviewer.model_dump_json()))
            db.executemany(
                "INSERT INTO files VALUES (?, ?, ?, ?)",
                [(review_id, i, s.model_dump_json(), data) for i, (s, data) in enumerate(files)],
            )
            db.executemany(
                "INSERT INTO documents VALUES (?, ?, ?)",
                [(review_id, i, d.model_dump_json()) for i, d in enumerate(documents)],
            )
            db.execute("INSERT INTO checklists VALUES (?, 1, ?, ?)",
                       (review_id, now, checklist.model_dump_json()))
            self._insert_event(db, review_id, reviewer, action, now)
        return review_id

    def add_checklist(self, review_id: str, checklist: Checklist) -> int:
        """Stores a new checklist version for the review; returns the version number."""
        with self._connect() as db:
            self._require(db, review_id)
            (latest,) = db.execute(
                "SELECT MAX(version) FROM checklists WHERE review_id = ?", (review_id,)
            ).fetchone()
            version = int(latest) + 1
            db.execute("INSERT INTO checklists VALUES (?, ?, ?, ?)",
                       (review_id, version, utc_now().isoformat(), checklist.model_dump_json()))
        return version

    def append(self, review_id: str, reviewer: Reviewer, action: Action) -> AuditEvent:
        """Appends one action to the review's audit trail and returns the stored event."""
        with self._connect() as db:
            self._require(db, review_id)
            self._insert_event(db, review_id, reviewer, action, utc_now().isoformat())
        return self.events(review_id)[-1]

    @staticmethod
    def _insert_event(
        db: sqlite3.Connection, review_id: str, reviewer: Reviewer, action: Action, at: str
    ) -> None:
        db.execute(
            "INSERT INTO audit (review_id, at, reviewer, action) VALUES (?, ?, ?, ?)",
            (review_id, at, reviewer.model_dump_json(), action.model_dump_json()),
        )

    # ------------------------------------------------------------------ reading

    @staticmethod
    def _require(db: sqlite3.Connection, review_id: str) -> sqlite3.Row | tuple[str, str, str]:
        row = db.execute("SELECT * FROM reviews WHERE id = ?", (review_id,)).fetchone()
        if row is None:
            raise ReviewNotFoundError(review_id)
        return row  # type: ignore[no-any-return]

    def events(self, review_id: str) -> list[AuditEvent]:
        """Returns the review's audit trail, oldest first, numbered from 1."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT at, reviewer, action FROM audit WHERE review_id = ? ORDER BY id",
                (review_id,),
            ).fetchall()
        return [
            AuditEvent.model_validate({
                "seq": seq, "review_id": review_id, "at": at,
                "reviewer": json.loads(who), "action": json.loads(action),
            })
            for seq, (at, who, action) in enumerate(rows, start=1)
        ]

    def load(self, review_id: str) -> Review:
        """Returns the review with its latest checklist; raises `ReviewNotFoundError`."""
        with self._connect() as db:
            _, created_at, created_by = self._require(db, review_id)
            version, checklist = db.execute(
                "SELECT version, checklist FROM checklists WHERE review_id = ? "
                "ORDER BY version DESC LIMIT 1", (review_id,),
            ).fetchone()
            sources = db.execute(
                "SELECT source FROM files WHERE review_id = ? ORDER BY position", (review_id,)
            ).fetchall()
        return Review(
            id=review_id,
            created_at=created_at,
            created_by=Reviewer.model_validate_json(created_by),
            files=[SourceFile.model_validate_json(s) for (s,) in sources],
            checklist=Checklist.model_validate_json(checklist),
            checklist_version=version,
            events=self.events(review_id),
        )

    def documents(self, review_id: str) -> list[Document]:
        """Returns the parsed documents of the review, in upload order."""
        with self._connect() as db:
            self._require(db, review_id)
            rows = db.execute(
                "SELECT document FROM documents WHERE review_id = ? ORDER BY position",
                (review_id,),
            ).fetchall()
        return [Document.model_validate_json(d) for (d,) in rows]

    def file_bytes(self, review_id: str, name: str) -> bytes:
        """Returns the uploaded bytes of the review's file called `name`."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT source, data FROM files WHERE review_id = ?", (review_id,)
            ).fetchall()
        for source, data in rows:
            if SourceFile.model_validate_json(source).name == name:
                return bytes(data)
        raise ReviewNotFoundError(f"{review_id}/{name}")

    def list_reviews(self, limit: int = 50) -> list[ReviewSummary]:
        """Returns the most recent reviews first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT r.id, r.created_at, r.created_by, "
                "(SELECT checklist FROM checklists c WHERE c.review_id = r.id "
                " ORDER BY version DESC LIMIT 1), "
                "(SELECT COUNT(*) FROM audit a WHERE a.review_id = r.id) "
                "FROM reviews r ORDER BY r.created_at DESC LIMIT ?", (limit,),
            ).fetchall()
        summaries = []
        for review_id, created_at, created_by, checklist_json, count in rows:
            checklist = Checklist.model_validate_json(checklist_json)
            summaries.append(ReviewSummary(
                id=review_id, created_at=created_at,
                created_by=Reviewer.model_validate_json(created_by).name,
                files=[d.name for d in checklist.documents], procedure=checklist.procedure,
                region=checklist.region, overall=checklist.overall, events=count,
            ))
        return summaries
