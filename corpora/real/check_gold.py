"""Validate the real (MTSamples) development gold set and print label counts.

Run:  .venv/bin/python corpora/real/check_gold.py [--strict]

Checks every *.gold.json beside this file:
  - keys chart/files/procedure/region/provenance/criteria/evidence, chart == file stem
  - procedure and region are valid contract words (shared/spec/criteria.md)
  - all 13 criterion ids present, nothing else; each has a non-empty status list of
    valid, distinct status words and a non-empty reason
  - every listed file exists next to this script
  - every evidence item names a known criterion, its text occurs verbatim in one of the
    chart's files, and its flags are ConText flags
  - applicability consistent with the contract (e.g. rfa_not_suitable_documented is
    not_applicable unless procedure is therapeutic_injection)
  - with the shared corpus present, each note is byte-identical to its source
Prints a table of counts per criterion per status (a chart with two accepted statuses
is counted under each; the "alt" column counts such charts). Exit code 1 on any error.
"""
import collections
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED_SRC = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpora", "mtsamples"))
SHARED_SRC_ALT = "/work/shared/corpora/mtsamples"

IDS = ["axial_pain", "pain_duration", "conservative_care_failed", "no_untreated_radiculopathy",
       "non_facet_pathology_ruled_out", "pain_scale_documented", "prior_diagnostic_relief",
       "repeat_procedure_relief", "rfa_not_suitable_documented", "levels_within_limit",
       "image_guidance", "sedation_justified", "session_frequency"]
STATUSES = ["met", "not_met", "insufficient", "not_applicable"]
PROCEDURES = {"diagnostic_block", "confirmatory_block", "therapeutic_injection", "rfa", "repeat_rfa"}
REGIONS = {"cervical_thoracic", "lumbar_sacral"}
FLAGS = {"negated", "historical", "hypothetical", "family", "uncertain"}
KEYS = {"chart", "files", "procedure", "region", "provenance", "criteria", "evidence"}
GENERAL = IDS[:6]


def check_one(path, errors):
    def err(msg):
        errors.append(f"{os.path.basename(path)}: {msg}")

    try:
        with open(path, encoding="utf-8") as fh:
            g = json.load(fh)
    except Exception as exc:
        err(f"unreadable JSON: {exc}")
        return None
    missing = KEYS - set(g)
    if missing:
        err(f"missing keys {sorted(missing)}")
        return None
    extra = set(g) - KEYS
    if extra:
        err(f"unexpected keys {sorted(extra)}")
    stem = os.path.basename(path)[: -len(".gold.json")]
    if g["chart"] != stem:
        err("chart {!r} != file stem {!r}".format(g["chart"], stem))
    if g["procedure"] not in PROCEDURES:
        err("bad procedure {!r}".format(g["procedure"]))
    if g["region"] not in REGIONS:
        err("bad region {!r}".format(g["region"]))
    if not g.get("provenance"):
        err("empty provenance")
    texts = {}
    if not isinstance(g["files"], list) or not g["files"]:
        err("files must be a non-empty list")
    for f in g["files"] or []:
        fp = os.path.join(HERE, f)
        if not os.path.isfile(fp):
            err(f"file {f} missing")
            continue
        with open(fp, "rb") as fh:
            raw = fh.read()
        texts[f] = raw.decode("utf-8")
        for src_dir in (SHARED_SRC, SHARED_SRC_ALT):
            sp = os.path.join(src_dir, f)
            if os.path.isfile(sp):
                with open(sp, "rb") as fh:
                    if fh.read() != raw:
                        err(f"{f} differs from its source {sp}")
                break
    crit = g["criteria"]
    if set(crit) != set(IDS):
        err(f"criteria ids: missing {sorted(set(IDS) - set(crit))}, extra {sorted(set(crit) - set(IDS))}")
    for cid in IDS:
        c = crit.get(cid)
        if not isinstance(c, dict):
            continue
        st = c.get("status")
        if not isinstance(st, list) or not st:
            err(f"{cid}: status must be a non-empty list")
            continue
        if len(st) != len(set(st)) or len(st) > 2:
            err(f"{cid}: status list {st!r} (max two distinct)")
        for s in st:
            if s not in STATUSES:
                err(f"{cid}: bad status {s!r}")
        if not c.get("reason"):
            err(f"{cid}: empty reason")
        if cid in GENERAL and "not_applicable" in st:
            err(f"{cid}: general criteria are never not_applicable")
        if cid == "pain_scale_documented" and "not_met" in st:
            err("pain_scale_documented has no not_met in the contract")
    # applicability from the contract's "applies to" column
    proc = g["procedure"]
    def only(cid, allowed_procs):
        st = crit.get(cid, {}).get("status", [])
        na = st == ["not_applicable"]
        if proc in allowed_procs and "not_applicable" in st and cid != "repeat_procedure_relief":
            err(f"{cid} is not_applicable but applies to {proc}")
        if proc not in allowed_procs and not na:
            err(f"{cid} must be not_applicable for {proc} (got {st!r})")
    only("rfa_not_suitable_documented", {"therapeutic_injection"})
    only("prior_diagnostic_relief", {"confirmatory_block", "therapeutic_injection", "rfa"})
    only("repeat_procedure_relief", {"repeat_rfa", "therapeutic_injection"})
    if proc == "repeat_rfa" and "not_applicable" in crit.get("repeat_procedure_relief", {}).get("status", []):
        err("repeat_procedure_relief always applies to repeat_rfa")
    if "not_applicable" in crit.get("levels_within_limit", {}).get("status", []):
        err("levels_within_limit applies to all procedures")
    for i, e in enumerate(g["evidence"]):
        if e.get("criterion") not in IDS:
            err("evidence[%d]: bad criterion %r" % (i, e.get("criterion")))
        t = e.get("text")
        if not t or not any(t in tx for tx in texts.values()):
            err("evidence[%d]: text not found verbatim: %r" % (i, (t or "")[:80]))
        fl = e.get("flags")
        if not isinstance(fl, list) or any(f not in FLAGS for f in fl):
            err("evidence[%d]: bad flags %r" % (i, fl))
        if set(e) - {"criterion", "text", "flags"}:
            err("evidence[%d]: unexpected keys %s" % (i, sorted(set(e) - {"criterion", "text", "flags"})))
    return g


def main():
    paths = sorted(glob.glob(os.path.join(HERE, "*.gold.json")))
    errors = []
    golds = [g for g in (check_one(p, errors) for p in paths) if g]
    txts = {os.path.basename(p) for p in glob.glob(os.path.join(HERE, "*.txt"))}
    referenced = {f for g in golds for f in g["files"]}
    for orphan in sorted(txts - referenced):
        errors.append(f"{orphan}: note without a gold file")

    counts = {cid: collections.Counter() for cid in IDS}
    alt = collections.Counter()
    n_ev = collections.Counter()
    for g in golds:
        for cid in IDS:
            st = g["criteria"][cid]["status"]
            for s in st:
                counts[cid][s] += 1
            if len(st) > 1:
                alt[cid] += 1
        for e in g["evidence"]:
            n_ev[e["criterion"]] += 1

    procs = collections.Counter(g["procedure"] for g in golds)
    regs = collections.Counter(g["region"] for g in golds)
    print("charts: %d   evidence items: %d" % (len(golds), sum(n_ev.values())))
    print(f"procedures: {dict(sorted(procs.items()))}")
    print(f"regions:    {dict(sorted(regs.items()))}")
    hdr = "%-31s %5s %8s %13s %15s %5s %5s" % ("criterion", "met", "not_met", "insufficient", "not_applicable", "alt", "evid")
    print(hdr)
    print("-" * len(hdr))
    for cid in IDS:
        c = counts[cid]
        print("%-31s %5d %8d %13d %15d %5d %5d" % (cid, c["met"], c["not_met"], c["insufficient"],
                                                   c["not_applicable"], alt[cid], n_ev[cid]))
    print("\nfirst-listed (preferred) status only:")
    print(hdr[:-11])
    for cid in IDS:
        c = collections.Counter(g["criteria"][cid]["status"][0] for g in golds)
        print("%-31s %5d %8d %13d %15d" % (cid, c["met"], c["not_met"], c["insufficient"], c["not_applicable"]))
    overall = collections.Counter()
    for g in golds:
        first = [g["criteria"][cid]["status"][0] for cid in IDS]
        overall["not_met" if "not_met" in first else "insufficient" if "insufficient" in first else "met"] += 1
    print(f"overall (first-listed statuses): {dict(sorted(overall.items()))}")
    if errors:
        print("\n%d ERROR(S):" % len(errors))
        for e in errors:
            print("  " + e)
        return 1
    print("OK: all gold files valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
