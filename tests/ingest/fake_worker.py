"""A scripted reader process for supervisor tests: hangs on page 2, crashes on page 4."""

from __future__ import annotations

import json
import sys
import time


def emit(**event: object) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def page(number: int) -> None:
    emit(event="page_start", page=number)
    if number == 2:
        time.sleep(600)
    if number == 4:
        raise SystemExit(3)
    word = [f"word{number}", 72.0, 72.0, 120.0, 84.0]
    emit(event="page", page=number, width=612.0, height=792.0, lines=[[word]], status="text")


def main() -> None:
    request = json.loads(sys.stdin.readline())
    emit(event="open", pages=5)
    for number in range(int(request["first_page"]), 6):
        page(number)
    emit(event="done")


if __name__ == "__main__":
    main()
