"""`facet-review export REVIEW_ID [--data-dir DIR] [--out FILE]`: a stored review as JSON.

Wired into extractor/cli.py as a plugin (`add_arguments`, `run`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_INPUT = 0, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Adds the export sub-command's arguments to `parser`."""
    parser.add_argument("review_id", metavar="REVIEW_ID",
                        help="the review id (shown in the app's URL as ?review=...)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="the data directory (default: $FACET_DATA_DIR or ./data)")
    parser.add_argument("--out", type=Path, default=None,
                        help="write the JSON to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    """Writes the reviewed checklist JSON; returns 0, or 2 when the review does not exist."""
    from extractor.review.store import ReviewNotFoundError, ReviewStore, data_dir_from_env
    from extractor.review.workbench import export_review

    data_dir = args.data_dir or data_dir_from_env()
    if not (data_dir / "reviews.sqlite3").is_file():
        sys.stderr.write(f"facet-review: no review database in {data_dir}; check --data-dir\n")
        return EXIT_INPUT
    try:
        exported = export_review(ReviewStore(data_dir), args.review_id)
    except ReviewNotFoundError:
        sys.stderr.write(f"facet-review: no review {args.review_id!r} in {data_dir}\n")
        return EXIT_INPUT
    text = exported.model_dump_json(indent=2) + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
    return EXIT_OK
