"""Review screen: upload a chart, check the engine's evidence per criterion, record, export.

Run with `streamlit run app.py`. Reviews live in $FACET_DATA_DIR (default ./data); the open review
is in the URL (?review=ID), so a reload, a restart or a second tab shows the same review. All logic
is in extractor.review; this file only lays out widgets.
"""

from __future__ import annotations

import logging

import streamlit as st

from extractor.errors import InputError
from extractor.models import Checklist, Document, Evidence, Page
from extractor.review import render as ui
from extractor.review import view
from extractor.review.actions import apply_review, build_export, evidence_key, fold_events
from extractor.review.failure import describe_failure
from extractor.review.identity import resolve_reviewer, trusted_header_from_env
from extractor.review.models import (
    Action,
    EvidenceDecision,
    HighlightAdded,
    HighlightRemoved,
    NoteAdded,
    Review,
    Reviewer,
    ReviewState,
    StatusOverride,
)
from extractor.review.sentences import page_sentences
from extractor.review.store import ReviewNotFoundError, ReviewStore, data_dir_from_env
from extractor.review.workbench import reanalyse, start_review
from extractor.vocabulary import CRITERION_IDS, PROCEDURES, REGIONS, STATUSES

DETECT = "detect from the chart"
PANE = 720  # px: both panes scroll on their own, so the page and the cards stay side by side
CSS = ("<style>.block-container{padding-top:2.2rem}[data-testid=stBaseButton-tertiary],"
       "[data-testid=stBaseButton-tertiary] p{text-align:left;justify-content:start}</style>")
Who = Reviewer | None


@st.cache_resource
def get_store(data_dir: str) -> ReviewStore:
    """Returns the process-wide store for the data directory."""
    return ReviewStore(data_dir)


@st.cache_resource(max_entries=16, show_spinner=False)
def get_documents(_store: ReviewStore, review_id: str) -> list[Document]:
    """Returns a review's parsed documents (they never change once stored)."""
    return _store.documents(review_id)


@st.cache_data(max_entries=64, show_spinner=False)
def get_page_png(_store: ReviewStore, review_id: str, source: str, page: int,
                 marks: tuple[ui.Mark, ...], crop: object) -> bytes:
    """Returns the page image with its evidence boxes."""
    return ui.page_image(_store.file_bytes(review_id, source), page, marks, crop)  # type: ignore[arg-type]


def current_reviewer(typed: str | None) -> Who:
    """Returns the reviewer: OIDC login, then the trusted proxy header, then the typed name."""
    try:  # st.user raises when auth is half-configured; the other sources still apply
        user = st.user.to_dict() if st.user.is_logged_in else None
    except Exception:
        user = None
    return resolve_reviewer(user, dict(st.context.headers), typed, trusted_header_from_env())


def oidc_configured() -> bool:
    """Returns whether `[auth]` is in secrets.toml, i.e. reviewers log in with st.login."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def record(store: ReviewStore, review_id: str, reviewer: Who, action: Action) -> None:
    """Stores one reviewer action (button callback)."""
    if reviewer is not None:
        store.append(review_id, reviewer, action)


def notify(message: str) -> None:
    """Queues a confirmation shown after the rerun that follows a saved action."""
    st.session_state["toast"] = message


def open_review(review_id: str | None) -> None:
    """Shows another review (or the start screen) and forgets the page selection."""
    st.query_params.clear()
    if review_id:
        st.query_params["review"] = review_id
    for name in ("doc-page", "doc-focus", "doc-target"):
        st.session_state.pop(name, None)


def jump_to(source: str, page: int, key: str | None) -> None:
    """Selects an evidence item: its page is shown and its box drawn heavier."""
    st.session_state["doc-target"], st.session_state["doc-focus"] = (source, page), key


def render_upload(store: ReviewStore, reviewer: Who, key: str) -> None:
    """Procedure/region choice and the uploader; analyses and opens the review on upload."""
    left, right = st.columns(2)
    procedure = left.selectbox("Procedure", [DETECT, *PROCEDURES], key=f"{key}-p")
    region = right.selectbox("Region", [DETECT, *REGIONS], key=f"{key}-r")
    round_ = st.session_state.setdefault(f"{key}-round", 0)
    files = st.file_uploader("Chart files: one or more PDF or text files make one chart",
                             type=["pdf", "txt"], accept_multiple_files=True,
                             key=f"{key}-files-{round_}", disabled=reviewer is None)
    password = st.text_input("PDF password (only for an encrypted PDF)", type="password",
                             key=f"{key}-pw")
    if reviewer is None:
        st.caption("Enter your name in the sidebar first: it is recorded with every decision.")
    if error := st.session_state.get(f"{key}-error"):
        st.error(error, icon=":material/error:")
    if not files or reviewer is None:
        return
    st.session_state[f"{key}-round"] = round_ + 1  # a fresh, empty uploader on the next run
    st.session_state.pop(f"{key}-error", None)
    with st.status("Analysing the chart…", expanded=True) as status:
        try:
            review_id = start_review(store, [(f.name, f.getvalue()) for f in files], reviewer,
                                     None if procedure == DETECT else procedure,  # type: ignore[arg-type]
                                     None if region == DETECT else region,  # type: ignore[arg-type]
                                     progress=status.write, password=password)
        except InputError as err:
            st.session_state[f"{key}-error"] = str(err)
            st.rerun()
    open_review(review_id)
    st.rerun()


def render_sidebar(store: ReviewStore, key: str) -> Who:
    """Reviewer identity, a new-review uploader and the past reviews; returns the reviewer."""
    with st.sidebar:
        st.header("Facet review")
        reviewer = current_reviewer(None)
        if reviewer is None and oidc_configured():
            st.button("Log in", on_click=st.login, icon=":material/login:")
        elif reviewer is None:
            reviewer = current_reviewer(st.text_input(
                "Your name", key=f"{key}-name", placeholder="recorded with each decision"))
        else:
            st.markdown(f"Signed in as **{ui.md_escape(reviewer.name)}** ({reviewer.source})")
            if reviewer.source == "oidc":
                st.button("Log out", on_click=st.logout)
        if st.query_params.get("review"):
            with st.expander("Start a new review"):
                render_upload(store, reviewer, f"{key}-up")
        st.subheader("Past reviews")
        if not (pasts := store.list_reviews(limit=30)):
            st.caption("None yet: upload a chart to start one.")
        for past in pasts:
            st.button(view.review_label(past), key=f"{key}-open-{past.id}", type="tertiary",
                      on_click=open_review, args=(past.id,))
    return reviewer


def render_header(store: ReviewStore, review: Review, reviewed: Checklist,
                  docs: list[Document], reviewer: Who, key: str) -> None:
    """File names, overall status, procedure/region with their source, export, warnings."""
    engine = review.checklist
    st.markdown(f"### {ui.md_escape(', '.join(d.name for d in engine.documents))}")
    left, middle, right = st.columns([2, 3, 2], vertical_alignment="center")
    left.markdown(f"#### Overall {view.badge(reviewed.overall)}")
    if reviewed.overall != engine.overall:
        left.caption(f"Engine's call before review: {ui.status_word(engine.overall)}")
    middle.markdown(
        f"**Procedure:** `{engine.procedure}` ({ui.SOURCE_WORDS[engine.procedure_source]})  \n"
        f"**Region:** `{engine.region}` ({ui.SOURCE_WORDS[engine.region_source]})")
    right.download_button("Download JSON", key=f"{key}-export", help="The reviewed checklist: "
                          "engine result, your decisions, overrides, highlights, audit trail",
                          data=build_export(review, docs).model_dump_json(indent=2),
                          file_name=f"facet-review-{review.id}.json", mime="application/json",
                          icon=":material/download:", on_click="ignore")
    with st.expander("Change procedure or region (checks the chart again)"), st.form(f"{key}-f"):
        proc = st.selectbox("Procedure", PROCEDURES, PROCEDURES.index(engine.procedure))
        region = st.selectbox("Region", REGIONS, REGIONS.index(engine.region))
        if st.form_submit_button("Check again", disabled=reviewer is None) and reviewer:
            with st.spinner("Checking the chart again…"):
                reanalyse(store, review.id, reviewer, proc, region)
            st.rerun()
    if engine.warnings:
        with st.expander(f"Warnings ({len(engine.warnings)})", icon=":material/warning:"):
            st.markdown("\n".join(f"- {ui.md_escape(w)}" for w in engine.warnings))
    render_trail(store, review, reviewer, f"{key}-trail")


def render_trail(store: ReviewStore, review: Review, reviewer: Who, key: str) -> None:
    """Chart notes (with a form to add one) and the append-only audit trail."""
    notes = [(e, e.action) for e in review.events if isinstance(e.action, NoteAdded)]
    with st.expander(f"Notes ({len(notes)}) and audit trail ({len(review.events)} "
                     f"event{'s' if len(review.events) != 1 else ''})",
                     icon=":material/history:"):
        for event, note in notes:
            if note.criterion is None:
                st.caption(f"{ui.md_escape(event.reviewer.name)}, {event.at:%d %b %H:%M} UTC: "
                           f"{ui.md_escape(note.text)}")
        with st.form(key, clear_on_submit=True):
            text = st.text_area("Note on this chart", key=f"{key}-text")
            if st.form_submit_button("Add note", disabled=reviewer is None) and text.strip():
                record(store, review.id, reviewer, NoteAdded(text=text))
                notify("Note saved")
                st.rerun()
        st.dataframe([{"#": e.seq, "time (UTC)": f"{e.at:%Y-%m-%d %H:%M:%S}",
                       "reviewer": f"{e.reviewer.name} ({e.reviewer.source})",
                       "action": ui.describe_action(e.action)} for e in review.events],
                     hide_index=True, width="stretch")


def render_document(store: ReviewStore, review: Review, reviewed: Checklist,
                    docs: list[Document], reviewer: Who, key: str) -> None:
    """Left pane: page picker, colour legend, page image with boxes, marked-up text."""
    pages = [(d, p) for d in docs for p in d.pages]
    if target := st.session_state.pop(f"{key}-target", None):
        found = [i for i, (d, p) in enumerate(pages) if (d.source.name, p.page_no) == target]
        st.session_state[f"{key}-page"] = found[0] if found else 0
    index = st.selectbox("Page", range(len(pages)), key=f"{key}-page",
                         format_func=lambda i: view.page_label(*pages[i]))
    document, page = pages[index or 0]
    focus = st.session_state.get(f"{key}-focus")
    placed = view.evidence_on_page(reviewed, document.source.name, page.page_no)
    st.markdown(view.legend_html(placed), unsafe_allow_html=True)
    is_pdf = document.source.mimetype == "application/pdf"
    tabs = st.tabs(["Page image", "Text"] if is_pdf else ["Text"])
    if is_pdf:
        png = get_page_png(store, review.id, document.source.name, page.page_no,
                           view.page_marks(placed, focus), ui.content_box(page))
        tabs[0].container(height=PANE - 130).image(png, width="stretch")
    with tabs[-1]:
        st.container(height=PANE - 190).markdown(ui.text_html(
            document.text[page.start:page.end], page.start, view.page_spans(placed, focus)),
            unsafe_allow_html=True)
        render_highlight_form(store, review, document, page, reviewer, f"{key}-hl")


def render_highlight_form(store: ReviewStore, review: Review, document: Document, page: Page,
                          reviewer: Who, key: str) -> None:
    """Attach a sentence of this page to a criterion as supporting or defeating evidence."""
    sentences = page_sentences(document, page)
    with st.expander("Highlight a sentence the engine missed"), st.form(key, clear_on_submit=True):
        pick = st.selectbox("Sentence on this page", range(len(sentences)), index=None,
                            format_func=lambda i: ui.clip(sentences[i].text, 110),
                            placeholder="Type to search this page's sentences")
        criterion = st.selectbox("Criterion", CRITERION_IDS, format_func=ui.title_of)
        role = st.radio("The sentence", ["supports", "defeats"], horizontal=True,
                        format_func=lambda r: f"{r} the criterion")
        comment = st.text_input("Comment (optional)")
        if st.form_submit_button("Attach highlight", disabled=reviewer is None):
            if pick is None:
                st.error("Pick a sentence first.")
                return
            s = sentences[pick]
            record(store, review.id, reviewer, HighlightAdded(
                criterion=criterion, role=role, source=s.source, page=s.page, start=s.start,
                end=s.end, text=s.text, comment=comment))
            notify(f"Highlight attached to {ui.SHORT_NAMES[criterion]}")
            st.rerun()


def render_evidence(store: ReviewStore, review: Review, cid: str, item: Evidence,
                    state: ReviewState, reviewer: Who, key: str) -> None:
    """One evidence item: the quote (click: show its page), details, accept/reject/undo."""
    ekey = evidence_key(cid, item)
    decided = state.decisions.get(ekey)
    quote = ui.md_escape(ui.clip(item.text, 240))
    rejected = decided is not None and decided.decision == "rejected"
    st.button(f"~~{quote}~~" if rejected else f"“{quote}”", key=f"{key}-go", type="tertiary",
              on_click=jump_to, args=(item.source, item.page, ekey),
              help=f"Show on page {item.page}")
    info, first, second = st.columns([3, 2, 2], vertical_alignment="center")
    info.caption(ui.evidence_caption(item, len(review.files) > 1, cid) + (
        f" · **{decided.decision} by {ui.md_escape(decided.reviewer)}**" if decided else ""))
    choices = [("cleared", "Undo")] if decided else [("accepted", "Accept"), ("rejected", "Reject")]
    for col, (decision, label) in zip((first, second), choices, strict=False):
        col.button(label, key=f"{key}-{decision}", disabled=reviewer is None, on_click=record,
                   args=(store, review.id, reviewer, EvidenceDecision(
                       criterion=cid, evidence_key=ekey, decision=decision, text=item.text)))


def render_card(store: ReviewStore, review: Review, state: ReviewState, cid: str,
                reviewer: Who, key: str) -> None:
    """One criterion: status, summary, override, look-for, evidence, notes, trace, actions."""
    engine = review.checklist.criterion(cid)
    override = state.overrides.get(cid)
    with st.container(border=True):
        st.markdown(view.card_title_html(cid), unsafe_allow_html=True)
        if override:
            st.markdown(f"{view.badge(override.status)} :gray-badge[engine said "
                        f"{ui.status_word(engine.status)}] Engine: {ui.md_escape(engine.summary)}")
            when = f"{override.at:%d %b %H:%M} UTC"
            st.warning(f"Overridden by {ui.md_escape(override.reviewer)} ({when}): "
                       f"{ui.md_escape(override.reason)}", icon=":material/edit:")
        else:
            st.markdown(f"{view.badge(engine.status)} {ui.md_escape(engine.summary)}")
        if (override.status if override else engine.status) == "insufficient":
            look_for = engine.look_for or ui.look_for_texts()[cid]
            st.info(f"Look for: {ui.md_escape(look_for)}", icon=":material/search:")
        for i, item in enumerate(engine.evidence):
            render_evidence(store, review, cid, item, state, reviewer, f"{key}-e{i}")
        for h in (h for h in state.highlights if h.criterion == cid):
            st.button(f"“{ui.md_escape(ui.clip(h.evidence.text, 240))}”", key=f"{key}-h{h.seq}",
                      type="tertiary", on_click=jump_to, args=(h.evidence.source, h.evidence.page,
                                                               None))
            st.caption(f"added by {ui.md_escape(h.reviewer)} · {h.evidence.role} · p."
                       f"{h.evidence.page} {ui.md_escape(h.comment)}")
            st.button("Remove highlight", key=f"{key}-rm{h.seq}", disabled=reviewer is None,
                      on_click=record, args=(store, review.id, reviewer,
                                             HighlightRemoved(highlight_seq=h.seq)))
        for note in (n for n in state.notes if n.criterion == cid):
            st.caption(f"Note by {ui.md_escape(note.reviewer)}: {ui.md_escape(note.text)}")
        with st.expander("Decision trace"):
            st.code("\n".join(engine.trace) or "(no trace)", language=None, wrap_lines=True)
        with st.expander("Override status or add a note"):
            render_override_form(store, review.id, cid, override.status if override
                                 else engine.status, reviewer, f"{key}-ov")


def render_override_form(store: ReviewStore, review_id: str, cid: str, status: str,
                         reviewer: Who, key: str) -> None:
    """Set a status with a required reason (or back to the engine's call), or add a note."""
    with st.form(key, clear_on_submit=True):
        new = st.selectbox("Status", [*STATUSES, None], index=STATUSES.index(status),
                           key=f"{key}-status", format_func=lambda s: ui.status_word(s) if s
                           else "Engine's call (remove override)")
        reason = st.text_area("Reason (required for an override) or note", key=f"{key}-reason")
        save, note = st.columns(2)
        if save.form_submit_button("Save override", disabled=reviewer is None, type="primary"):
            if not reason.strip():
                st.error("Give a reason for the override.")
                return
            record(store, review_id, reviewer, StatusOverride(criterion=cid, status=new,
                                                              reason=reason))
            notify(f"{ui.SHORT_NAMES[cid]}: override saved")
            st.rerun()
        if note.form_submit_button("Add as note", disabled=reviewer is None) and reason.strip():
            record(store, review_id, reviewer, NoteAdded(criterion=cid, text=reason))
            notify(f"{ui.SHORT_NAMES[cid]}: note saved")
            st.rerun()


def render_criteria(store: ReviewStore, review: Review, state: ReviewState, reviewed: Checklist,
                    reviewer: Who, key: str) -> None:
    """Right pane: applicable criteria first, then the not-applicable ones."""
    st.markdown(view.status_counts(reviewed))
    with st.container(height=PANE):
        for result in (r for r in reviewed.criteria if r.status != "not_applicable"):
            render_card(store, review, state, result.id, reviewer, f"{key}-{result.id}")
        skipped = [r for r in reviewed.criteria if r.status == "not_applicable"]
        if skipped:
            with st.expander(f"Not applicable to {review.checklist.procedure} ({len(skipped)})"):
                for result in skipped:
                    render_card(store, review, state, result.id, reviewer, f"{key}-{result.id}")


def main() -> None:
    """Start screen without ?review=, else the two-pane review of that chart."""
    st.set_page_config(page_title="Facet review", page_icon=":material/fact_check:", layout="wide")
    st.html(CSS)
    if message := st.session_state.pop("toast", None):
        st.toast(message, icon=":material/check:")
    store = get_store(str(data_dir_from_env()))
    reviewer = render_sidebar(store, "side")
    review_id = st.query_params.get("review")
    if not review_id:
        st.title("Facet intervention review")
        st.markdown("Upload a patient's chart to check it against the Medicare facet-intervention "
                    "criteria (LCD L38803). Every criterion gets a status and the chart sentences "
                    "behind it; accept or reject them, highlight what was missed, override with a "
                    "reason, and download the reviewed checklist.")
        render_upload(store, reviewer, "new")
        return
    try:
        review, docs = store.load(review_id), get_documents(store, review_id)
    except ReviewNotFoundError:
        st.error(f"There is no review {review_id!r} in this data directory.")
        st.button("Start a new review", on_click=open_review, args=(None,))
        return
    if reviewer is None:
        st.info("Enter your name in the sidebar to record decisions.", icon=":material/person:")
    state = fold_events(review.events, review.checklist, docs)
    reviewed = apply_review(review.checklist, state)
    render_header(store, review, reviewed, docs, reviewer, "head")
    left, right = st.columns([11, 9], gap="medium")
    with left:
        render_document(store, review, reviewed, docs, reviewer, "doc")
    with right:
        render_criteria(store, review, state, reviewed, reviewer, "crit")


try:
    main()
except Exception as error:  # last resort: the log and the screen get no chart text
    logging.getLogger("facet_review.app").error("review screen failed: %s",
                                                describe_failure(error))
    st.error(f"Something went wrong ({type(error).__name__}). Decisions already shown as saved "
             "are stored; reload the page. The server log names the failing code line.")
