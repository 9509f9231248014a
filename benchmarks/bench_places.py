"""find_places alone: ACLED location/country/admin1, re3d Location spans, news sample, speed.

    python benchmarks/bench_places.py [--data ../shared/data] [--sample 200] [--runs 3]

ACLED notes (acled_dev.jsonl): share of notes whose gold location is among the note's place
mentions (folded name, text as written, or <= 10 km), and the share where `choose_place` on the
first sentence (and on the whole note) is right; country and admin1 of that choice. re3d
(re3d_dev.jsonl): recall of gold Location spans (a reported place overlapping the span), overall
and in sentences with an ACLED-type trigger word, and precision (reported places overlapping a
gold Location span). tls_dev Guardian articles: a random sample of found places printed for a
by-eye false-friend count, and speed (chars/s, one polars thread, fresh process) and peak
RSS, with one `str.find_many` pass of all name keys as the obvious alternative (ratio).
Nothing from the dev files is written anywhere.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import resource
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
#: Words that mark a sentence reporting an event (a rough stand-in for the events stage).
EVENT_WORDS = re.compile(r"\b(?:attack|kill|strike|struck|bomb|shell|clash|fight|fire|fired|"
                         r"protest|riot|arrest|abduct|kidnap|explo|raid|captur|seiz|launch|"
                         r"shot|wound|injur|destroy)", re.I)


def fold(s: str | None) -> str:
    """Accent- and case-folded words (NFKD without marks, punctuation as space)."""
    if not s:
        return ""
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", s.casefold()).split())


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def sentence_frame(rows: list[dict], prefix: str) -> pl.DataFrame:
    """Sentences of the rows' texts through the shared splitter, with source offsets."""
    from threadline.sentences import split_sentences

    out = []
    for i, r in enumerate(rows):
        text = r.get("text") or ""
        for n, (s, e) in enumerate(split_sentences(text)):
            out.append((f"{prefix}{i:05d}", n, s, text[s:e]))
    return pl.DataFrame(out, schema={"doc_id": pl.String, "sent_no": pl.Int64,
                                     "start": pl.Int64, "sentence": pl.String}, orient="row")


def place_right(p: dict, gold: dict) -> bool:
    """A place names ACLED's location (its gazetteer name or its text) or lies within 10 km."""
    g = fold(gold["location"])
    if g and g in (fold(p["name"]), fold(p["text"])):
        return True
    if p["lat"] is None or not gold.get("latitude"):
        return False
    return km(p["lat"], p["lon"], float(gold["latitude"]), float(gold["longitude"])) <= 10.0


def run_acled(path: Path) -> None:
    from threadline.events.places import choose_place, find_places

    rows = read(path)
    sents = sentence_frame(rows, "acled")
    places = find_places(sents)
    by_doc: dict[str, list[dict]] = {}
    for p in places.iter_rows(named=True):
        by_doc.setdefault(p["doc_id"], []).append(p)
    first = {r["doc_id"]: r for r in choose_place(places.filter(
        pl.col("sent_no") == 0), by=("doc_id",)).iter_rows(named=True)}
    whole = {r["doc_id"]: r for r in choose_place(places, by=("doc_id",)).iter_rows(named=True)}
    n = len(rows)
    count = dict.fromkeys(["any", "first", "whole", "country", "admin1", "precision"], 0)
    for i, r in enumerate(rows):
        d, g = f"acled{i:05d}", r["gold"]
        count["any"] += any(place_right(p, g) for p in by_doc.get(d, []))
        c = first.get(d)
        count["first"] += bool(c and place_right(c, g))
        count["whole"] += bool(whole.get(d) and place_right(whole[d], g))
        count["country"] += bool(c and fold(c["country"]) == fold(g["country"]))
        count["admin1"] += bool(c and fold(c["admin1"]) == fold(g["admin1"]))
        count["precision"] += bool(c and str(c["geo_precision"]) == g["geo_precision"])
    print(f"\nACLED dev: {n} notes, {places.height} place mentions")
    labels = {"any": "gold location among the note's places",
              "first": "choose_place(first sentence) right (target >= 75%)",
              "whole": "choose_place(whole note) right",
              "country": "country of the first-sentence choice right",
              "admin1": "admin1 of the first-sentence choice right",
              "precision": "geo_precision of the first-sentence choice = ACLED's"}
    for k, label in labels.items():
        print(f"  {label:55s} {count[k]:5d} / {n} = {100 * count[k] / n:5.1f}%")
    kinds = places.group_by("kind").len().sort("len", descending=True)
    print("  mentions per kind:", dict(kinds.iter_rows()))


def run_re3d(path: Path) -> None:
    from threadline.events.places import find_places

    rows = read(path)
    sents = sentence_frame(rows, "re3d")
    places = find_places(sents).join(sents.select("doc_id", "sent_no", "start"),
                                     on=["doc_id", "sent_no"])
    found: dict[str, list[tuple[int, int]]] = {}
    for d, s, p, e in places.select("doc_id", "start", "pos", "end").iter_rows():
        found.setdefault(d, []).append((s + p, s + e))
    event_sents: dict[str, list[tuple[int, int]]] = {}
    for d, s, text in sents.select("doc_id", "start", "sentence").iter_rows():
        if EVENT_WORDS.search(text):
            event_sents.setdefault(d, []).append((s, s + len(text)))
    gold_n = gold_hit = ev_n = ev_hit = 0
    spans: dict[str, list[tuple[int, int]]] = {}
    for i, r in enumerate(rows):
        d = f"re3d{i:05d}"
        for ent in r.get("entities") or []:
            if ent["type"] != "Location":
                continue
            b, e = ent["begin"], ent["end"]
            spans.setdefault(d, []).append((b, e))
            hit = any(p < e and b < q for p, q in found.get(d, []))
            gold_n, gold_hit = gold_n + 1, gold_hit + hit
            if any(s <= b and e <= t for s, t in event_sents.get(d, [])):
                ev_n, ev_hit = ev_n + 1, ev_hit + hit
    rep = [(d, p, q) for d, lst in found.items() for p, q in lst]
    ok = sum(any(p < e and b < q for b, e in spans.get(d, [])) for d, p, q in rep)
    anyspan = {f"re3d{i:05d}": [(e["begin"], e["end"]) for e in r.get("entities") or []]
               for i, r in enumerate(rows)}
    bare = sum(not any(p < e and b < q for b, e in anyspan.get(d, [])) for d, p, q in rep)
    print(f"\nre3d dev: {len(rows)} documents, {gold_n} gold Location spans")
    print(f"  recall, all gold Location spans            {gold_hit:5d} / {gold_n} = "
          f"{100 * gold_hit / max(gold_n, 1):5.1f}%")
    print(f"  recall, spans in event-word sentences      {ev_hit:5d} / {ev_n} = "
          f"{100 * ev_hit / max(ev_n, 1):5.1f}%")
    print(f"  precision, reported places on a gold span  {ok:5d} / {len(rep)} = "
          f"{100 * ok / max(len(rep), 1):5.1f}% (target >= 90%)")
    print(f"  of the {len(rep) - ok} others, {bare} lie on no gold span of any type (re3d does "
          f"not annotate every mention); precision over annotated text {ok} / "
          f"{len(rep) - bare} = {100 * ok / max(len(rep) - bare, 1):5.1f}%")


def tls_sentences(path: Path) -> pl.DataFrame:
    rows = [r for r in read(path) if r.get("kind") == "article"]
    return sentence_frame(rows, "tls")


def run_sample(path: Path, k: int, seed: int) -> None:
    """Print `k` random found places of the news articles with their context (terminal only)."""
    from threadline.events.places import find_places

    sents = tls_sentences(path)
    places = find_places(sents).join(sents.select("doc_id", "sent_no", "sentence"),
                                     on=["doc_id", "sent_no"])
    rows = places.rows(named=True)
    random.Random(seed).shuffle(rows)
    print(f"\ntls_dev articles: {places.height} place mentions; a sample of {k} to judge by eye")
    for n, p in enumerate(rows[:k], 1):
        s = p["sentence"]
        ctx = s[max(0, p["pos"] - 40): p["pos"]] + "[" + p["text"] + "]" + s[p["end"]: p["end"]
                                                                                 + 30]
        print(f"{n:3d} {p['name']!s:22.22} {p['kind']:15.15} {p['country']!s:14.14} "
              f"| {ctx.replace(chr(10), ' ')}")


def speed_child(path: Path) -> None:
    """In this (fresh, one-thread) process: warm up on a sentence of our own, then time."""
    from threadline.events.places import find_places

    sents = tls_sentences(path)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    w = time.perf_counter()
    find_places(pl.DataFrame({"doc_id": ["w"], "sent_no": [0],
                              "sentence": ["Shells fell on a market in the town of Example."]}))
    load = time.perf_counter() - w
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    w, c = time.perf_counter(), time.process_time()
    out = find_places(sents)
    wall, cpu = time.perf_counter() - w, time.process_time() - c
    chars = int(sents["sentence"].str.len_chars().sum())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    alt = _alternative(sents)
    print(json.dumps({"chars": chars, "places": out.height, "load_s": load, "wall_s": wall,
                      "cpu_s": cpu, "rss_before_mb": rss0, "rss_loaded_mb": rss1,
                      "rss_peak_mb": peak, **alt}))


def _alternative(sents: pl.DataFrame) -> dict:
    """The obvious alternative: one polars `str.find_many` pass of every name key over the
    lower-cased sentences (no word boundaries, no disambiguation), timed the same way."""
    from threadline.events.placedata import key_set

    forms = key_set()["key"].to_list()
    w, c = time.perf_counter(), time.process_time()
    hits = sents.select(pl.col("sentence").str.to_lowercase().str.find_many(forms)
                        .list.len().sum()).item()
    return {"alt_wall_s": time.perf_counter() - w, "alt_cpu_s": time.process_time() - c,
            "alt_hits": hits}


def run_speed(path: Path, runs: int) -> None:
    env = {**os.environ, "POLARS_MAX_THREADS": "1"}
    results = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, __file__, "--speed-child", str(path)], env=env,
                              capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    results.sort(key=lambda r: r["wall_s"])
    m = results[len(results) // 2]
    print(f"\nspeed on {m['chars']:,} chars of tls_dev articles (sentences), one polars thread, "
          f"median of {runs} fresh processes:")
    print(f"  find_places {m['wall_s']:.2f} s wall ({m['cpu_s']:.2f} s CPU) = "
          f"{m['chars'] / m['wall_s'] / 1e6:.2f} M chars/s (target >= 3 M); first call "
          f"(loading the gazetteer) {m['load_s']:.2f} s")
    print(f"  alternative, one str.find_many pass of all name keys ({m['alt_hits']:,} raw hits): "
          f"{m['alt_wall_s']:.2f} s wall ({m['alt_cpu_s']:.2f} s CPU); find_places / "
          f"alternative CPU time = {m['cpu_s'] / m['alt_cpu_s']:.2f}")
    print(f"  peak RSS {m['rss_peak_mb']:.0f} MB (inputs {m['rss_before_mb']:.0f} MB, after "
          f"loading the gazetteer {m['rss_loaded_mb']:.0f} MB); {m['places']} places")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / ".." / "shared" / "data")
    ap.add_argument("--sample", type=int, default=200)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", choices=["acled", "re3d", "sample", "speed"], action="append")
    ap.add_argument("--speed-child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.speed_child:
        speed_child(args.speed_child)
        return 0
    only = set(args.only or ["acled", "re3d", "sample", "speed"])
    for name, fn in (("acled", lambda: run_acled(args.data / "acled_dev.jsonl")),
                     ("re3d", lambda: run_re3d(args.data / "re3d_dev.jsonl")),
                     ("sample", lambda: run_sample(args.data / "tls_dev.jsonl", args.sample,
                                                   args.seed)),
                     ("speed", lambda: run_speed(args.data / "tls_dev.jsonl", args.runs))):
        if name in only:
            fn()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
