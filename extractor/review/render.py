"""What the review screen draws, without Streamlit: colours, labels, page images, marked-up text.

Page images come from pypdfium2 (installed with pdfplumber); evidence boxes are in PDF points
with a top-left origin (pdfplumber's `top`/`bottom`), so they scale straight onto the image.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from functools import cache

from pydantic import Field

from extractor.models import Box, Evidence, Frozen, Page, Value
from extractor.vocabulary import CRITERION_IDS, Status

# One colour per criterion, spec order; chosen to stay readable under dark text.
CRITERION_COLORS: dict[str, str] = dict(zip(CRITERION_IDS, (
    "#f4a261", "#e9c46a", "#8ecae6", "#b5e48c", "#cdb4db", "#ffafcc", "#90dbf4",
    "#f7d6e0", "#c9ada7", "#a3c4f3", "#fde4cf", "#98f5e1", "#d0f4de",
), strict=True))

# st.badge colours and readable words for each status.
STATUS_LABELS: dict[Status, tuple[str, str]] = {
    "met": ("Met", "green"),
    "not_met": ("Not met", "red"),
    "insufficient": ("Insufficient", "orange"),
    "not_applicable": ("Not applicable", "gray"),
}
STATUS_ICONS: dict[Status, str] = {
    "met": ":material/check_circle:",
    "not_met": ":material/cancel:",
    "insufficient": ":material/help:",
    "not_applicable": ":material/remove_circle_outline:",
}
# Short names for the colour legend (the catalogue titles are sentences).
SHORT_NAMES: dict[str, str] = dict(zip(CRITERION_IDS, (
    "Axial pain", "Pain ≥ 3 months", "Conservative care failed", "No untreated radiculopathy",
    "Non-facet cause ruled out", "Pain scale", "Prior block relief", "Repeat procedure relief",
    "RFA not suitable", "Levels within limit", "Image guidance", "Sedation justified",
    "Session frequency",
), strict=True))
SOURCE_WORDS = {"given": "chosen by you", "detected": "detected in the chart",
                "default": "default (not found in the chart)"}
_IMAGE_SCALE = 2.0  # 144 dpi: the chart's small print stays legible when the pane shrinks it
_LINE_TOLERANCE = 3.0  # points: boxes whose tops differ by less share a line
_MARGIN = 12.0  # points kept around the text area when cropping a page image


class Mark(Frozen):
    """A box to draw on a page image, in a criterion's colour; `focus` draws it heavier."""

    box: Box
    color: str
    focus: bool = False
    reviewer: bool = Field(default=False, description="a reviewer highlight: dark outline")


class Span(Frozen):
    """A character range of the document to colour in the text view."""

    start: int
    end: int
    color: str
    title: str
    focus: bool = False
    reviewer: bool = Field(default=False, description="a reviewer highlight: dashed outline")


@cache
def criterion_titles() -> dict[str, str]:
    """Returns each criterion's human title from the criteria catalogue."""
    from extractor.criteria.catalogue import load_catalogue

    catalogue = load_catalogue()
    return {cid: catalogue[cid].title for cid in CRITERION_IDS}


@cache
def look_for_texts() -> dict[str, str]:
    """Returns what a reviewer should look for, per criterion, from the criteria catalogue."""
    from extractor.criteria.catalogue import load_catalogue

    catalogue = load_catalogue()
    return {cid: catalogue[cid].look_for for cid in CRITERION_IDS}


def title_of(criterion: str) -> str:
    """Returns the criterion's title, or its id when the catalogue has none."""
    return criterion_titles().get(criterion, criterion)


def status_word(status: Status) -> str:
    """Returns the status as a reviewer reads it ('Not met')."""
    return STATUS_LABELS[status][0]


def value_text(value: Value | None) -> str:
    """Returns a typed value as a short phrase ('7/10 NRS', '80% relief', '2 levels')."""
    if value is None:
        return ""
    data = value.model_dump(exclude_none=True, exclude={"kind"})
    if value.kind == "duration":
        return f"{data['months']:g} months" if "months" in data else data.get("qualitative", "")
    if value.kind == "pain_score":
        high = f"-{data['high']:g}" if "high" in data else ""
        return f"{data['value']:g}{high}/{data['out_of']:g} {data['scale']}"
    if value.kind == "relief":
        return f"{data['percent']:g}% relief" if "percent" in data else "relief"
    if value.kind == "levels":
        return f"{data['count']} level(s): {', '.join(data['levels'])}"
    return ", ".join(f"{k} {v}" for k, v in data.items())


def evidence_caption(evidence: Evidence, with_source: bool = True, criterion: str = "") -> str:
    """Returns the line under an evidence quote: file, page, rule, flags and value.

    The rule id loses its `criterion.` prefix: the card already names the criterion.
    """
    where = f"{evidence.source} p.{evidence.page}" if with_source else f"p.{evidence.page}"
    rule = evidence.rule_id.removeprefix(f"{criterion}.") if criterion else evidence.rule_id
    parts = [where, f"`{rule}`"]
    if evidence.role != "supports":
        parts.append(evidence.role)
    parts.extend(evidence.flags)
    if evidence.value is not None:
        parts.append(f"**{value_text(evidence.value)}**")
    return " · ".join(parts)


def line_boxes(boxes: Sequence[Box]) -> list[Box]:
    """Returns word boxes merged into one box per line, so a sentence reads as one highlight."""
    merged: list[Box] = []
    for box in sorted(boxes, key=lambda b: (b.page, round(b.top), b.x0)):
        last = merged[-1] if merged else None
        same_line = (last is not None and last.page == box.page
                     and abs(last.top - box.top) < _LINE_TOLERANCE)
        if last is not None and same_line:
            merged[-1] = Box(page=box.page, x0=min(last.x0, box.x0), top=min(last.top, box.top),
                             x1=max(last.x1, box.x1), bottom=max(last.bottom, box.bottom))
        else:
            merged.append(box)
    return merged


def content_box(page: Page) -> Box | None:
    """Returns the rectangle around a page's words plus a margin (None for a page without)."""
    boxes = [w.box for w in page.words if w.box is not None]
    if not boxes:
        return None
    return Box(page=page.page_no, x0=max(0, min(b.x0 for b in boxes) - _MARGIN),
               top=max(0, min(b.top for b in boxes) - _MARGIN),
               x1=max(b.x1 for b in boxes) + _MARGIN, bottom=max(b.bottom for b in boxes) + _MARGIN)


def page_image(pdf: bytes, page_no: int, marks: Sequence[Mark] = (), crop: Box | None = None
               ) -> bytes:
    """Returns a PNG of one PDF page with each mark drawn as a translucent coloured box.

    With `crop`, the image shows only that rectangle (the text area), so the print is larger.
    """
    import pypdfium2
    from PIL import Image, ImageDraw

    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[page_no - 1].render(scale=_IMAGE_SCALE).to_pil().convert("RGBA")
    finally:
        document.close()
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for mark in sorted(marks, key=lambda m: m.focus):
        rgb = tuple(int(mark.color[i : i + 2], 16) for i in (1, 3, 5))
        pad = 3 if mark.focus else 1
        rect = [mark.box.x0 * _IMAGE_SCALE - pad, mark.box.top * _IMAGE_SCALE - pad,
                mark.box.x1 * _IMAGE_SCALE + pad, mark.box.bottom * _IMAGE_SCALE + pad]
        outline = (200, 0, 0, 255) if mark.focus else (40, 40, 40, 255) if mark.reviewer \
            else (*rgb, 255)
        width = 3 if mark.focus else 2 if mark.reviewer else 1
        draw.rectangle(rect, fill=(*rgb, 120), outline=outline, width=width)
    result = Image.alpha_composite(image, overlay).convert("RGB")
    if crop is not None:
        scale = _IMAGE_SCALE
        result = result.crop((round(crop.x0 * scale), round(crop.top * scale),
                              round(crop.x1 * scale), round(crop.bottom * scale)))
    buffer = io.BytesIO()
    result.save(buffer, format="PNG")
    return buffer.getvalue()


def text_html(text: str, offset: int, spans: Sequence[Span]) -> str:
    """Returns `text` (starting at document offset `offset`) as escaped HTML with spans marked.

    Where spans overlap, the focused one wins, then the shorter (more specific) one.
    """
    ranked = sorted(spans, key=lambda s: (not s.focus, s.end - s.start))
    owner: list[Span | None] = [None] * len(text)
    for ranked_span in reversed(ranked):
        first, last = max(ranked_span.start - offset, 0), min(ranked_span.end - offset, len(text))
        for index in range(first, last):
            owner[index] = ranked_span
    pieces, index = [], 0
    while index < len(text):
        span, stop = owner[index], index
        while stop < len(text) and owner[stop] is span:
            stop += 1
        chunk = html.escape(text[index:stop])
        if span is None:
            pieces.append(chunk)
        else:
            border = ("outline:2px solid #c00;" if span.focus
                      else "outline:2px dashed #333;" if span.reviewer else "")
            # the tooltip names every criterion citing this text, not only the colour shown
            titles = dict.fromkeys(s.title for s in ranked
                                   if s.start - offset <= index < s.end - offset)
            pieces.append(f'<mark title="{html.escape(" + ".join(titles))}" style="background:'
                          f'{span.color};{border}padding:0 1px;border-radius:2px">{chunk}</mark>')
        index = stop
    body = "".join(pieces).replace("\f", "\n")
    return ('<div style="white-space:pre-wrap;font-family:ui-monospace,monospace;'
            f'font-size:0.82rem;line-height:1.45">{body}</div>')


_MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|<>~$:")


def md_escape(text: str) -> str:
    """Returns chart text safe to show inside Streamlit markdown (no formatting, no links)."""
    flat = " ".join(text.split())
    return "".join(f"\\{ch}" if ch in _MARKDOWN_SPECIALS else ch for ch in flat)


def clip(text: str, width: int = 160) -> str:
    """Returns `text` on one line, cut to `width` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def describe_action(action: object) -> str:
    """Returns one readable line for an audit event's action."""
    data = action.model_dump(exclude={"kind"}) if hasattr(action, "model_dump") else {}
    kind = getattr(action, "kind", "?")
    if kind == "evidence_decision":
        return f"{data['decision']} evidence for {data['criterion']}: “{clip(data['text'], 80)}”"
    if kind == "status_override":
        status = data["status"] or "engine's call"
        return f"set {data['criterion']} to {status}: {data['reason']}"
    if kind == "highlight_added":
        return f"highlighted for {data['criterion']} ({data['role']}): “{clip(data['text'], 80)}”"
    if kind == "highlight_removed":
        return f"removed highlight #{data['highlight_seq']}"
    if kind == "note":
        return f"note{' on ' + data['criterion'] if data['criterion'] else ''}: {data['text']}"
    if kind == "created":
        return f"uploaded {', '.join(data['files'])}"
    return f"{kind}: procedure {data.get('procedure') or 'detected'}, " \
           f"region {data.get('region') or 'detected'}"
