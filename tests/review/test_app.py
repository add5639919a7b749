"""The Streamlit screen driven by `streamlit.testing.v1.AppTest` (no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from extractor.models import Checklist
from extractor.review.actions import evidence_key
from extractor.review.store import ReviewStore

from .charts import chart_text, write_chart_pdf

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT = 120  # the first analysis builds the NLP pipeline


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("FACET_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FACET_TRUSTED_USER_HEADER", raising=False)
    return AppTest.from_file(str(APP), default_timeout=TIMEOUT)


def _named(app: AppTest, name: str = "Tess") -> AppTest:
    app.run()
    app.text_input(key="side-name").set_value(name).run()
    return app


def _form_button(app: AppTest, form: str, label: str):
    return next(b for b in app.button if b.label == label and b.form_id == form)


def test_app_welcome_uploader_needs_a_name(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert app.title[0].value == "Facet intervention review"
    assert app.file_uploader[0].proto.disabled
    _named(app)
    assert not app.file_uploader[0].proto.disabled


def test_app_bad_file_shows_one_line_error_session_survives(app: AppTest) -> None:
    _named(app)
    app.file_uploader[0].set_value(("empty.txt", b"", "text/plain")).run()
    assert not app.exception
    assert [e.value for e in app.error] == [
        "empty.txt: the file is empty (0 bytes): nothing to check; export it again"]
    assert "review" not in app.query_params
    assert not app.file_uploader[0].proto.disabled  # a fresh uploader: try another file


def test_app_reopen_review_from_url_shows_cards_and_records_decisions(
    app: AppTest, store_in_env: ReviewStore, review_id: str, checklist: Checklist
) -> None:
    app.query_params["review"] = review_id
    _named(app)
    assert not app.exception
    markdown = " ".join(m.value for m in app.markdown)
    assert "Overall" in markdown and "Insufficient" in markdown
    assert any("Look for: a modality with its outcome" in i.value for i in app.info)
    app.button(key="crit-axial_pain-e0-accepted").click().run()
    form = "crit-conservative_care_failed-ov"
    app.selectbox(key=f"{form}-status").set_value("met")
    app.text_area(key=f"{form}-reason").set_value("PT failed on line 3")
    _form_button(app, form, "Save override").click().run()
    assert not app.exception
    kinds = [e.action.kind for e in store_in_env.load(review_id).events]
    assert kinds == ["created", "evidence_decision", "status_override"]
    assert any("Overridden by Tess" in w.value for w in app.warning)
    k = evidence_key("axial_pain", checklist.criterion("axial_pain").evidence[0])
    assert store_in_env.load(review_id).events[1].action.evidence_key == k

    second = AppTest.from_file(str(APP), default_timeout=TIMEOUT)  # another tab
    second.query_params["review"] = review_id
    second.run()
    assert any("Overridden by Tess" in w.value for w in second.warning)
    assert any("accepted by Tess" in c.value for c in second.caption)


def test_app_override_without_reason_is_refused(
    app: AppTest, store_in_env: ReviewStore, review_id: str
) -> None:
    app.query_params["review"] = review_id
    _named(app)
    form = "crit-axial_pain-ov"
    app.selectbox(key=f"{form}-status").set_value("not_met")
    _form_button(app, form, "Save override").click().run()
    assert [e.value for e in app.error] == ["Give a reason for the override."]
    assert len(store_in_env.load(review_id).events) == 1


def test_app_unknown_review_id_explains(app: AppTest) -> None:
    app.query_params["review"] = "nope"
    app.run()
    assert not app.exception
    assert "no review 'nope'" in app.error[0].value


@pytest.mark.slow
def test_app_upload_pdf_and_text_analyses_and_opens_review(app: AppTest, tmp_path: Path) -> None:
    _named(app)
    pdf = write_chart_pdf(tmp_path / "chart.pdf").read_bytes()
    app.file_uploader[0].set_value([("chart.pdf", pdf, "application/pdf"),
                                    ("extra.txt", chart_text().encode(), "text/plain")]).run()
    assert not app.exception
    review_id = app.query_params["review"]
    assert review_id
    assert app.selectbox(key="doc-page").options[-1].startswith("extra.txt")
    assert len(app.get("image")) == 1
    assert any(m.value.startswith("#### Overall") for m in app.markdown)
    assert app.get("download_button")


@pytest.mark.slow
def test_app_highlight_attached_to_criterion(app: AppTest) -> None:
    _named(app)
    app.file_uploader[0].set_value(("note.txt", chart_text().encode(), "text/plain")).run()
    form = "doc-hl"
    sentence = next(
        s for s in app.selectbox if s.form_id == form and s.label == "Sentence on this page")
    sentence.set_value(2)
    next(s for s in app.selectbox if s.form_id == form and s.label == "Criterion").set_value(
        "conservative_care_failed")
    _form_button(app, form, "Attach highlight").click().run()
    assert not app.exception
    assert any(c.value.startswith("added by Tess") for c in app.caption)


def test_app_chart_note_and_evidence_undo_recorded(
    app: AppTest, store_in_env: ReviewStore, review_id: str
) -> None:
    app.query_params["review"] = review_id
    _named(app)
    app.text_area(key="head-trail-text").set_value("Ask the clinic for the MRI report")
    _form_button(app, "head-trail", "Add note").click().run()
    app.button(key="crit-axial_pain-e1-rejected").click().run()
    app.button(key="crit-axial_pain-e1-cleared").click().run()
    assert not app.exception
    events = store_in_env.load(review_id).events
    assert [e.action.kind for e in events] == [
        "created", "note", "evidence_decision", "evidence_decision"]
    assert [e.action.decision for e in events[2:]] == ["rejected", "cleared"]
    assert any("Ask the clinic for the MRI report" in c.value for c in app.caption)


@pytest.mark.slow
def test_app_check_again_with_given_procedure(app: AppTest, store_in_env: ReviewStore) -> None:
    _named(app)
    app.file_uploader[0].set_value(("note.txt", chart_text().encode(), "text/plain")).run()
    form = "head-f"
    next(s for s in app.selectbox if s.form_id == form and s.label == "Procedure").set_value("rfa")
    _form_button(app, form, "Check again").click().run()
    assert not app.exception
    review = store_in_env.load(app.query_params["review"])
    assert (review.checklist.procedure, review.checklist_version) == ("rfa", 2)
    assert "chosen by you" in " ".join(m.value for m in app.markdown)
