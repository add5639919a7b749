"""Exceptions from PDF readers -> one-line problems a reviewer can act on (never document text).

pdfplumber wraps every pdfminer error in `PdfminerException` with the real error in `args[0]`;
pypdfium2 raises `PdfiumError` whose message names PDFium's error code. Only exception *types*
and PDFium's fixed codes are looked at: an exception's own message may quote document bytes.
"""

from __future__ import annotations

from extractor.errors import InputErrorCode

ENCRYPTED = (
    "the PDF is encrypted (password-protected); give its password (--password) "
    "or export an unprotected copy"
)
WRONG_PASSWORD = (
    "the PDF is encrypted and the password given is wrong; check it, or export an unprotected copy"
)
UNSUPPORTED_ENCRYPTION = (
    "the PDF uses an encryption this reader does not support; export an unprotected copy"
)
DAMAGED = (
    "the PDF is damaged and cannot be read (cut off or corrupted in transfer?); "
    "ask for the file again"
)
TRUNCATED = (
    "the PDF is cut off (its end is missing: an incomplete download or transfer?); "
    "ask for the file again"
)
TOO_DEEP = "the PDF is built from objects nested too deeply to read safely; export it again"
TOO_BIG = "reading the PDF needs too much memory (giant images or a PDF bomb?); export it again"

_BY_TYPE: dict[str, str] = {
    "PDFPasswordIncorrect": ENCRYPTED,
    "PDFEncryptionError": UNSUPPORTED_ENCRYPTION,
    "PDFEncryptionWarning": UNSUPPORTED_ENCRYPTION,
    "PSEOF": DAMAGED,
    "PDFNoValidXRef": DAMAGED,
    "RecursionError": TOO_DEEP,
    "MemoryError": TOO_BIG,
}


def _root_cause(err: BaseException) -> BaseException:
    """Returns the exception inside pdfplumber's `PdfminerException` wrapper."""
    seen = 0
    while type(err).__name__ in ("PdfminerException", "MalformedPDFException") and seen < 5:
        inner = err.args[0] if err.args else None
        if not isinstance(inner, BaseException):
            break
        err, seen = inner, seen + 1
    return err


def is_password_error(err: BaseException, password: str | None) -> str | None:
    """Returns the encryption problem when `err` says the password is missing or wrong."""
    cause = _root_cause(err)
    text = str(cause) if type(cause).__name__ == "PdfiumError" else ""
    wrapped_empty = type(err).__name__ == "PdfminerException" and not (err.args and err.args[0])
    if (
        type(cause).__name__ == "PDFPasswordIncorrect"
        or "password" in text.lower()
        or wrapped_empty
    ):
        return WRONG_PASSWORD if password else ENCRYPTED
    return None


def describe_open_error(err: BaseException, password: str | None) -> str:
    """Returns the problem for an error raised while opening a PDF."""
    encrypted = is_password_error(err, password)
    if encrypted:
        return encrypted
    cause = _root_cause(err)
    name = type(cause).__name__
    if name in _BY_TYPE:
        return _BY_TYPE[name]
    if name == "PdfiumError" and "format error" in str(cause).lower():
        return DAMAGED
    if name == "PDFSyntaxError":
        return DAMAGED
    return f"{DAMAGED} ({name})"


def looks_truncated(tail: bytes) -> bool:
    """True when a PDF's last KiB has no end-of-file marker."""
    return b"%%EOF" not in tail


def describe_page_error(err: BaseException) -> str:
    """Returns a short reason a page could not be read (exception type only, never its text)."""
    cause = _root_cause(err)
    name = type(cause).__name__
    if name == "RecursionError":
        return "its objects are nested too deeply"
    if name == "MemoryError":
        return "it needs too much memory"
    return f"its content is damaged ({name})"


def code_for(problem: str) -> InputErrorCode:
    """Returns the `InputError` code of a problem this module (or the reader) worded."""
    exact: dict[str, InputErrorCode] = {
        ENCRYPTED: "encrypted",
        WRONG_PASSWORD: "wrong_password",
        UNSUPPORTED_ENCRYPTION: "encrypted",
        TRUNCATED: "truncated",
    }
    if problem in exact:
        return exact[problem]
    if problem.startswith("the PDF has ") and " pages; the limit is " in problem:
        return "too_many_pages"
    return "damaged"
