"""CLI glue for `facet-review evaluate GOLD_DIR [--format text|json] [--pdf-dir DIR]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extractor.evaluation.evaluate import CheckFn, DetectFn, evaluate_corpus
from extractor.evaluation.gold import GoldError
from extractor.evaluation.render import render_text
from extractor.models import Checklist
from extractor.service import review_chart


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Adds the evaluate command's arguments to `parser`."""
    parser.add_argument(
        "gold_dir",
        metavar="GOLD_DIR",
        type=Path,
        help="labelled corpus: <id>.txt/.pdf with <id>.gold.json, or <id>/ with gold.json",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="report format (text)"
    )
    parser.add_argument(
        "--pdf-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="check <DIR>/<chart_id>.pdf instead of a chart's text files when it exists",
    )
    parser.add_argument(
        "--fail-under",
        type=float,
        default=None,
        metavar="FLOAT",
        help="exit 1 when overall agreement (0-1, or a percentage above 1) is below this",
    )
    parser.add_argument(
        "--detect-frame",
        action="store_true",
        help="also run each chart without procedure/region and score their detection",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when any chart could not be evaluated"
    )


def _detect(paths: list[Path]) -> Checklist:
    return review_chart(paths)


def run(
    args: argparse.Namespace, *, check: CheckFn | None = None, detect: DetectFn | None = None
) -> int:
    """Evaluates the corpus named by `args`, prints the report to stdout, returns the exit code.

    Args:
        args: parsed arguments (see `add_arguments`).
        check: the checker; `extractor.service.review_chart` when None.
        detect: the frame detector for `--detect-frame`; `review_chart(paths)` when None.

    Returns:
        0, or 1 when agreement is below `--fail-under` (or nothing was scored) or, with
        `--strict`, when a chart could not be evaluated; 2 when GOLD_DIR is not a directory.
    """
    try:
        report = evaluate_corpus(
            args.gold_dir,
            check=check or review_chart,
            pdf_dir=args.pdf_dir,
            detect=(detect or _detect) if getattr(args, "detect_frame", False) else None,
        )
    except GoldError as err:
        sys.stderr.write(f"error: {err}\n")
        return 2
    if args.format == "json":
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        sys.stdout.write(render_text(report))
    code = 0
    if args.fail_under is not None:
        threshold = args.fail_under / 100 if args.fail_under > 1 else args.fail_under
        agreement = report.overall.agreement
        if agreement is None or agreement < threshold:
            shown = "nothing scored" if agreement is None else f"{100 * agreement:.1f}%"
            sys.stderr.write(f"agreement {shown} is below {100 * threshold:.1f}%\n")
            code = 1
    if args.strict and report.errors:
        sys.stderr.write(f"{len(report.errors)} chart(s) could not be evaluated\n")
        code = 1
    return code


def main(argv: list[str] | None = None) -> int:
    """Runs the evaluate command standalone: `python -m extractor.evaluation.command GOLD_DIR`."""
    parser = argparse.ArgumentParser(prog="facet-review evaluate", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
