"""Command line: `facet-review check|schema|evaluate|export`.

Exit codes: 0 success, 2 bad input (one line on stderr naming the file), 1 internal error.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from extractor.errors import InputError
from extractor.vocabulary import PROCEDURES, REGIONS

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2

# Optional sub-commands owned by other packages: name -> module with add_arguments()/run().
_PLUGINS = {
    "evaluate": ("extractor.evaluation.command", "score the checker against a gold corpus"),
    "export": ("extractor.review.command", "export a stored review as checklist JSON"),
}


def _add_check(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    check = commands.add_parser("check", help="check one chart (several files = one chart)")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.add_argument("--procedure", choices=PROCEDURES, help="the requested procedure")
    check.add_argument("--region", choices=REGIONS, help="the spinal region of the request")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--password", help="password of an encrypted PDF")


def _add_batch(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    batch = commands.add_parser(
        "batch", help="check every chart in a folder (files, or one sub-folder per chart)")
    batch.add_argument("folder", type=Path)
    batch.add_argument("--out", type=Path, required=True, help="folder for the checklists")
    batch.add_argument("--procedure", choices=PROCEDURES)
    batch.add_argument("--region", choices=REGIONS)
    batch.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")


def build_parser() -> argparse.ArgumentParser:
    """Returns the argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="facet-review",
        description="Line up chart evidence against Medicare facet-intervention criteria.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    _add_check(commands)
    _add_batch(commands)
    commands.add_parser("schema", help="print the checklist JSON Schema")
    for name, (module, help_text) in _PLUGINS.items():
        try:
            plugin = importlib.import_module(module)
        except ImportError:
            continue
        plugin.add_arguments(commands.add_parser(name, help=help_text))
    return parser


def _ocr_progress(line: str) -> None:
    """Shows OCR page progress on stderr (reading text pages is fast and stays quiet)."""
    if "OCR" in line:
        print(f"facet-review: {line}", file=sys.stderr, flush=True)


def _check(args: argparse.Namespace) -> int:
    from extractor.export import to_json
    from extractor.service import review_chart
    from extractor.summary import render_summary

    checklist = review_chart(
        args.files, procedure=args.procedure, region=args.region, password=args.password,
        progress=_ocr_progress,
    )
    print(to_json(checklist) if args.format == "json" else render_summary(checklist))
    return EXIT_OK


def _batch(args: argparse.Namespace) -> int:
    from extractor.batch import run_batch

    if not args.folder.is_dir():
        raise InputError(args.folder, "not a folder")
    runs = run_batch(args.folder, args.out, procedure=args.procedure, region=args.region,
                     workers=args.jobs, progress=lambda line: print(line, file=sys.stderr))
    failed = [r for r in runs if r.error]
    for run in failed:
        print(f"facet-review: {run.error}", file=sys.stderr)
    print(f"{len(runs) - len(failed)} charts checked, {len(failed)} could not be read; "
          f"summary: {args.out / 'summary.csv'}")
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    if args.command == "check":
        return _check(args)
    if args.command == "batch":
        return _batch(args)
    if args.command == "schema":
        from extractor.export import schema_json

        print(schema_json(), end="")
        return EXIT_OK
    plugin = importlib.import_module(_PLUGINS[args.command][0])
    return int(plugin.run(args))


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the CLI and returns its exit code (never a traceback for bad input)."""
    # Library loggers stay quiet: a debug line could carry chart text.
    logging.basicConfig(level=logging.WARNING)
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except InputError as err:
        print(f"facet-review: {err}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return EXIT_INTERNAL
    except Exception as err:  # last resort: one line, no patient text, no traceback
        print(f"facet-review: internal error ({type(err).__name__}); please report it",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
