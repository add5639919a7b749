"""Property-based fuzzing of ingest: only `InputError` ever escapes, and every offset maps back."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.errors import InputError
from extractor.ingest import IngestLimits, load_document
from extractor.ingest.normalize import normalize_text

from .pdfs import DATA, assert_invariants

LIMITS = IngestLimits(open_timeout_s=10, page_timeout_s=10, total_timeout_s=60, ocr=False)
SEED_PDF = (DATA / "letter.pdf").read_bytes()
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_counter = itertools.count()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _load(workdir: Path, name: str, data: bytes) -> None:
    path = workdir / f"{next(_counter)}-{name}"
    path.write_bytes(data)
    try:
        doc = load_document(path, limits=LIMITS)
    except InputError as err:
        message = str(err)
        assert message.startswith(f"{path.name}: ") and "\n" not in message
    else:
        assert_invariants(doc)
    finally:
        path.unlink()


@FUZZ
@given(data=st.binary(max_size=4096), name=st.sampled_from(["f.txt", "f.pdf", "f.dat"]))
def test_random_bytes(workdir: Path, data: bytes, name: str) -> None:
    _load(workdir, name, data)


@settings(FUZZ, max_examples=20)
@given(data=st.binary(min_size=1, max_size=2048))
def test_random_bytes_behind_a_pdf_signature(workdir: Path, data: bytes) -> None:
    _load(workdir, "sig.pdf", b"%PDF-1.7\n" + data)


_mutation = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, len(SEED_PDF) - 1), st.integers(0, 255)),
    st.tuples(st.just("cut"), st.integers(0, len(SEED_PDF) - 1), st.integers(1, 400)),
    st.tuples(st.just("insert"), st.integers(0, len(SEED_PDF) - 1), st.binary(max_size=64)),
    st.tuples(st.just("truncate"), st.integers(16, len(SEED_PDF) - 1), st.just(0)),
)


def _mutate(data: bytes, mutations: list[tuple[str, int, object]]) -> bytes:
    out = bytearray(data)
    for kind, at, arg in mutations:
        at = min(at, max(0, len(out) - 1))
        if kind == "flip" and out:
            out[at] = int(arg)  # type: ignore[call-overload]
        elif kind == "cut":
            del out[at : at + int(arg)]  # type: ignore[call-overload]
        elif kind == "insert":
            out[at:at] = bytes(arg)  # type: ignore[call-overload]
        elif kind == "truncate":
            del out[at:]
    return bytes(out)


@settings(FUZZ, max_examples=40)
@given(mutations=st.lists(_mutation, min_size=1, max_size=6))
def test_mutated_real_pdf(workdir: Path, mutations: list[tuple[str, int, object]]) -> None:
    _load(workdir, "mutant.pdf", _mutate(SEED_PDF, mutations))


@FUZZ
@given(text=st.text(max_size=2000))
def test_random_unicode_text_file(workdir: Path, text: str) -> None:
    _load(workdir, "note.txt", text.encode("utf-8"))


@settings(FUZZ, max_examples=300)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab A.,-\n\f\t1o:(")), max_size=300),
    cuts=st.lists(st.integers(0, 300), max_size=6),
)
def test_normalize_keeps_length_and_breaks(text: str, cuts: list[int]) -> None:
    spans = []
    for start in sorted(set(cuts)):
        end = start
        while end < len(text) and text[end] not in "\n\f" and end - start < 5:
            end += 1
        spans.append((min(start, end), end))
    hard = {i for i, ch in enumerate(text) if ch == "\n" and i % 3 == 0}
    out = normalize_text(text, spans, hard)
    assert len(out) == len(text)
    for i in hard:
        assert out[i] == "\n"
    for i, ch in enumerate(out):
        if ch in "\n":
            assert text[i] in "\n\f"
