"""A scripted reader process for supervisor tests.

Default script: hangs on page 2, crashes on page 4. With FAKE_READER=ocr: pages 1 and 2 go to
OCR, page 1 comes back, then the reader dies with page 2 still being read.
"""

from __future__ import annotations

import json
import os
import sys
import time


def emit(**event: object) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def page_event(number: int) -> None:
    word = [f"word{number}", 72.0, 72.0, 120.0, 84.0]
    emit(event="page", page=number, width=612.0, height=792.0, lines=[[word]], status="text")


def page(number: int) -> None:
    emit(event="page_start", page=number)
    if number == 2:
        time.sleep(600)
    if number == 4:
        raise SystemExit(3)
    page_event(number)


def ocr_script(first: int) -> None:
    if first > 1:
        page_event(3)
        return
    for number in (1, 2):
        emit(event="page_start", page=number)
        emit(event="ocr_start", page=number)
    page_event(1)
    raise SystemExit(3)


def main() -> None:
    request = json.loads(sys.stdin.readline())
    first = int(request["first_page"])
    if os.environ.get("FAKE_READER") == "ocr":
        emit(event="open", pages=3)
        ocr_script(first)
    else:
        emit(event="open", pages=5)
        for number in range(first, 6):
            page(number)
    emit(event="done")


if __name__ == "__main__":
    main()
