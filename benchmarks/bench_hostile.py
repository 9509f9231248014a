"""Growth of time and peak memory on pathological texts, stage by stage.

Each case is a text made here (lines of dates, "on 3 March" repeated, "U.S." repeated, Arabic,
combining marks, emoji, one 200 k-character sentence, lines of 40 k spaces, 40 k spaces inside
a line, runs of blank lines holding a space) and, as the
reference in the same run, ordinary article prose written for this benchmark. Each is scaled
to 100 KB, 400 KB and 1.6 MB (UTF-8 bytes) and run through `read_corpus`, `tag_dates` and
`extract_events`, each stage in a fresh subprocess (inputs from the previous stage's Parquet),
and through the whole `build` (every stage, the exports and the site, from the text file),
after a warm-up call, so the figures are the stage's own: wall and CPU time, the growth of
peak RSS over the RSS before the call, the growth of peak anonymous memory (RssAnon sampled
during the call: RSS without file-backed library pages), and the tracemalloc peak of a
second, traced call (Python objects only).

The "identical reports" family is sized in documents, not bytes: copies of one three-event
report (distinct doc_ids, the same text and publication date), 50, 200 and 800 of them in one
JSON Lines file, through the same stages; same-event merging (in `build`) must not pair every
copy with every other.

The RSS baseline is honest only if freed memory has gone back to the OS before the call:
glibc's heap is trimmed (`malloc_trim`), and polars' allocator (jemalloc, which otherwise
keeps freed pages for seconds and hands them to the next call, so a small call grows by less
than it uses) returns pages at once (``_RJEM_MALLOC_CONF`` decay 0); `--no-trim` leaves both
as they are. A stage over the time or memory cap is stopped and shown as such.

The criterion, checked on every row (its verdict is the last column): per 4x step, CPU time,
anonymous-memory growth and tracemalloc peak each grow at most 5x (wall time is printed
beside CPU time but not judged for growth: on a shared machine it carries the other
processes' load); at the largest size, wall time at most 10 s and the absolute peak RSS
(baseline included) at most 1 GB.

    .venv/bin/python benchmarks/bench_hostile.py [--sizes 100000 400000 1600000]
        [--docs 50 200 800] [--cases dates_lines us ... identical_reports]
        [--stages read_corpus tag_dates extract_events build]
        [--timeout 120] [--max-rss-gb 4] [--repeat 1] [--no-tracemalloc] [--no-trim]
        [--out benchmarks/results/hostile.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("read_corpus", "tag_dates", "extract_events")
#: Run on the text file alone, after the chain of STAGES.
BUILD = "build"
#: The criterion: growth per 4x step, and caps at the largest size.
MAX_STEP, MAX_SECONDS, MAX_PEAK_MB = 5.0, 10.0, 1024.0

PROSE = (
    "Rebel fighters attacked an army checkpoint outside the town on Monday, a monitoring group "
    "said. Two soldiers were killed and a third was wounded in the clash, which lasted several "
    "hours. The army answered with artillery fire on nearby villages the next day.\n\n"
)
ARABIC = "قصفت الطائرات مواقع المسلحين قرب المدينة يوم الاثنين، وقال المرصد إن ثلاثة قتلوا. "
CASES = {
    "prose (reference)": PROSE,
    "dates_lines": "3 March 2017\n",
    "on_3_march": "on 3 March ",
    "us": "U.S. ",
    "arabic": ARABIC,
    "combining": "Cafe\u0301 de\u0301ja\u0300 vu\u0308 the town was shelled. ",
    "emoji": "Shelling 💥🔥 hit the town 🏚️ on Monday 😢, residents said 👍. ",
    "sentence_200k": None,  # built in `make_text`
    "spaces_40k": "Jets struck the depot.\n" + " " * 40_000 + "\n",
    "spaces_40k_inline": "Jets struck the depot on 3 March 2017." + " " * 40_000,
    "blank_lines": "Jets struck the depot.\n" + " \n" * 20_000,
}


#: Copies of one report, sized in documents (`make_input`).
IDENTICAL = "identical_reports"
#: The copied report, written for this benchmark: three events, one dated by the
#: publication date (no date in its sentence).
REPORT = (
    "Rebel fighters attacked an army checkpoint near Aleppo on 3 March 2017, killing two "
    "soldiers, a monitoring group said.\n\nGovernment jets struck a market in Idlib, residents "
    "said.\n\nMilitants shelled the town of Hama with mortars on 4 March 2017.\n"
)
PUBLISHED = "2017-03-05"


def make_input(case: str, size: int, work: Path) -> Path:
    """Write the input of `case` at `size` into `work`: the text file (`make_text`), or for
    `IDENTICAL` a JSON Lines file of `size` copies of `REPORT` with distinct doc_ids."""
    if case != IDENTICAL:
        path = work / "case.txt"
        path.write_text(make_text(case, size), encoding="utf-8")
        return path
    path = work / "case.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for k in range(size):
            fh.write(json.dumps({"doc_id": f"copy-{k:05d}", "text": REPORT,
                                 "published": PUBLISHED}) + "\n")
    return path


def make_text(case: str, size: int) -> str:
    """The text of `case`, `size` UTF-8 bytes long (about)."""
    if case == "sentence_200k":
        words = "rebels shelled the town and the army answered with artillery "
        one = (words * (200_000 // len(words) + 1))[:200_000].rstrip() + ". "
        unit = one
    else:
        unit = CASES[case]
    n = -(-size // len(unit.encode("utf-8")))  # enough units to cut `size` bytes from: a
    text = unit * n  # 200 k-character unit once in 400 KB would leave the text at half size
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


CHILD = r"""
import json, sys, time
from pathlib import Path
import polars as pl
stage, work = sys.argv[1], Path(sys.argv[2])
traced, trim_heap = sys.argv[3] == "1", sys.argv[4] == "1"
source = work / sys.argv[5]
import threadline as tl
def status_mb(field):
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
def rss_mb():
    return status_mb("VmRSS")
def peak_mb():
    return status_mb("VmHWM")
warm = work / "warm.txt"
warm.write_text("Rebels took the town on 3 March 2017, a monitor said.\n", encoding="utf-8")
wdocs = tl.read_corpus(warm)
wm = tl.tag_dates(wdocs)
tl.extract_events(wdocs, wm)
if stage == "build":
    from threadline.pipeline import build
    build(warm, work / "warm_out")
    args = (source, work / "build_out")
    fn = build
elif stage == "read_corpus":
    args = (source,)
    fn = tl.read_corpus
elif stage == "tag_dates":
    args = (pl.read_parquet(work / "documents.parquet"),)
    fn = tl.tag_dates
else:
    args = tuple(pl.read_parquet(work / f"{t}.parquet") for t in ("documents", "mentions"))
    fn = tl.extract_events
import ctypes, gc, threading, tracemalloc
class AnonPeak(threading.Thread):
    # samples RssAnon every 2 ms: the process's anonymous memory (its heaps), which is RSS
    # without the file-backed pages (library code) the kernel may drop and reload mid-call
    def __init__(self):
        super().__init__(daemon=True)
        self.peak = status_mb("RssAnon")
        self.done = threading.Event()
    def run(self):
        while not self.done.wait(0.002):
            self.peak = max(self.peak, status_mb("RssAnon"))
def trim():
    # give the C heap's free pages back to the OS (glibc): the warm-up's freed memory then
    # counts in no baseline, so the call's growth is not hidden by pages it merely reuses
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
gc.collect()
untrimmed = rss_mb()
if trim_heap:
    trim()
with open("/proc/self/clear_refs", "w") as fh:  # reset the peak RSS (VmHWM) to the current RSS
    fh.write("5")
before, anon_before, file_before = rss_mb(), status_mb("RssAnon"), status_mb("RssFile")
sampler = AnonPeak()
sampler.start()
t0, c0 = time.perf_counter(), time.process_time()
out = fn(*args)
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
peak = peak_mb()
sampler.done.set()
sampler.join()
anon_peak = max(sampler.peak, status_mb("RssAnon"))
file_after = status_mb("RssFile")
py_peak = None
if traced:  # the call again under tracemalloc: its peak of Python allocations (not polars')
    gc.collect()
    tracemalloc.start()
    fn(*args)
    py_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
if stage == "read_corpus":
    out.write_parquet(work / "documents.parquet")
elif stage == "tag_dates":
    out.write_parquet(work / "mentions.parquet")
print(json.dumps({"seconds": seconds, "cpu_s": cpu, "peak_mb": max(0.0, peak - before),
                  "anon_mb": max(0.0, anon_peak - anon_before), "rss_file_before_mb": file_before,
                  "rss_file_after_mb": file_after,
                  "py_peak_mb": py_peak, "rss_before_mb": before, "rss_untrimmed_mb": untrimmed,
                  "rss_peak_mb": peak,
                  "rows": out.height if hasattr(out, "height") else out.n_events}))
"""


#: jemalloc (polars' allocator) gives freed pages back at once: no page freed by the warm-up
#: or the input's reading is reused unseen by the call (the default decay is 10 s).
NO_DECAY = "dirty_decay_ms:0,muzzy_decay_ms:0"


def run_stage(stage: str, work: Path, timeout: float, max_rss_gb: float,
              traced: bool = True, trim: bool = True, source: str = "case.txt") -> dict:
    """One stage in a fresh subprocess (`source`: the input file in `work`), stopped past
    `timeout` s (three times that with the traced second call) or `max_rss_gb` GB of RSS;
    `trim`: glibc's and jemalloc's free pages go back to the OS before the baseline is read."""
    env = {**os.environ, "POLARS_MAX_THREADS": os.environ.get("POLARS_MAX_THREADS", "2")}
    if trim:
        env.setdefault("_RJEM_MALLOC_CONF", NO_DECAY)
    argv = [sys.executable, "-c", CHILD, stage, str(work), str(int(traced)), str(int(trim)),
            source]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    limit = timeout * (3 if traced else 1) + 30
    t0 = time.monotonic()
    while proc.poll() is None:
        time.sleep(0.2)
        try:
            with open(f"/proc/{proc.pid}/status") as fh:
                rss = next(int(ln.split()[1]) for ln in fh if ln.startswith("VmRSS:")) / 2**20
        except (OSError, StopIteration):
            rss = 0.0
        if time.monotonic() - t0 > limit or rss > max_rss_gb:
            proc.kill()
            proc.wait()
            why = "time" if rss <= max_rss_gb else "memory"
            return {"stopped": f">{timeout:.0f} s" if why == "time" else f">{max_rss_gb} GB RSS"}
    out, err = proc.communicate()
    if proc.returncode != 0:
        return {"stopped": "error: " + (err.strip().splitlines() or ["?"])[-1][:120]}
    return json.loads(out.strip().splitlines()[-1])


def cell(r: dict) -> str:
    """Times, RSS and anonymous-memory growth and (when traced) the tracemalloc peak of a run."""
    if "stopped" in r:
        return r["stopped"]
    py = f"{r['py_peak_mb']:4.0f}" if r.get("py_peak_mb") is not None else "   -"
    return (f"{r['seconds']:5.2f} {r['cpu_s']:5.2f} s {r['peak_mb']:4.0f} {r['anon_mb']:4.0f} "
            f"{py} MB")


#: Below these a figure is noise, so a ratio counts from them: 50 ms, 5 MB.
FLOORS = {"seconds": 0.05, "cpu_s": 0.05, "peak_mb": 5.0, "anon_mb": 5.0, "py_peak_mb": 5.0}


def ratio(a: dict, b: dict, key: str) -> str:
    if "stopped" in a or "stopped" in b or a.get(key) is None or b.get(key) is None:
        return "  -  "
    return f"{b[key] / max(a[key], FLOORS[key]):4.1f}x"


def best(runs: list[dict]) -> dict:
    """The first stopped run, else the best time and the lowest peaks of `runs`."""
    stopped = next((x for x in runs if "stopped" in x), None)
    if stopped is not None:
        return stopped
    out = {**min(runs, key=lambda x: x["seconds"]),
           **{k: min(x[k] for x in runs) for k in ("cpu_s", "peak_mb", "anon_mb", "rss_peak_mb")}}
    if all(x.get("py_peak_mb") is not None for x in runs):
        out["py_peak_mb"] = min(x["py_peak_mb"] for x in runs)
    return out


#: The figures whose growth the criterion judges (wall time carries the machine's load).
JUDGED = {"cpu_s": "CPU", "anon_mb": "anon", "py_peak_mb": "tracemalloc"}


def verdict(rows: list[dict]) -> str:
    """"ok", or what breaks the criterion: a judged figure over MAX_STEP per 4x step, or, at
    the largest size, wall time over MAX_SECONDS or absolute peak RSS over MAX_PEAK_MB."""
    if any("stopped" in r for r in rows):
        return "STOPPED"
    bad = []
    for a, b in zip(rows, rows[1:], strict=False):
        for key, name in JUDGED.items():
            if a.get(key) is not None and b.get(key) is not None:
                step = b[key] / max(a[key], FLOORS[key])
                bad += [f"{name} {step:.1f}x"] if step > MAX_STEP else []
    last = rows[-1]
    bad += [f"{last['seconds']:.1f} s"] if last["seconds"] > MAX_SECONDS else []
    bad += [f"{last['rss_peak_mb']:.0f} MB RSS"] if last["rss_peak_mb"] > MAX_PEAK_MB else []
    return "ok" if not bad else "OVER: " + ", ".join(bad)


def table(results: dict[str, dict], cases: list[str], stages: list[str], sizes: list[int],
          unit: str = "B") -> None:
    """The whole table: per case and stage, each size's cell (sizes in `unit`), the ratios per
    4x step, then the verdict of the criterion."""
    print("\ncell: wall s, CPU s (all threads); growth MB of peak RSS (VmHWM), of peak "
          "anonymous memory (RssAnon, sampled), tracemalloc peak (Python only)")
    print(f"criterion: per 4x step CPU, anon and tracemalloc each <= {MAX_STEP:.0f}x (wall is "
          f"shown, not judged: it carries the machine's load); at the largest size wall <= "
          f"{MAX_SECONDS:.0f} s and absolute peak RSS <= {MAX_PEAK_MB:.0f} MB")
    print(f"ratios per 4x step: wall / CPU / RSS / anon / tracemalloc; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end")
    print(f"{'case':18} {'stage':15} " + "".join(f"{f'{s:,} {unit}':>33}" for s in sizes)
          + "   ratios")
    for case in cases:
        for stage in stages:
            rows = [results.get(f"{case}|{stage}|{s}", {"stopped": "not run"}) for s in sizes]
            steps = zip(rows, rows[1:], strict=False)
            growth = "  ".join("/".join(ratio(a, b, k) for k in FLOORS) for a, b in steps)
            peak = f"{rows[-1]['rss_peak_mb']:5.0f} MB" if "stopped" not in rows[-1] else ""
            print(f"{case:18} {stage:15} " + "".join(f"{cell(r):>33}" for r in rows) +
                  f"   {growth}   peak RSS {peak}  {verdict(rows)}")


def run_case(case: str, args: argparse.Namespace, results: dict[str, dict]) -> None:
    """Every size of `case` through the chain of STAGES up to the last one asked for (each
    reads the previous one's output), then the build if asked; a stage stopped at a smaller
    size is not run at larger ones."""
    chain = [s for s in args.stages if s in STAGES]
    chain = list(STAGES[: max(map(STAGES.index, chain)) + 1]) if chain else []
    stages = chain + ([BUILD] if BUILD in args.stages else [])
    broken: dict[str, str] = {}
    sizes, unit = (args.docs, "docs") if case == IDENTICAL else (args.sizes, "B")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            source = make_input(case, size, work).name
            for stage in stages:
                key = f"{case}|{stage}|{size}"
                if stage in broken:
                    results[key] = {"stopped": broken[stage]}
                    continue
                r = best([run_stage(stage, work, args.timeout, args.max_rss_gb,
                                    not args.no_tracemalloc, not args.no_trim, source)
                          for _ in range(args.repeat)])
                results[key] = r
                print(f"{case:18} {stage:15} {size:>9,} {unit:4} {cell(r)}", flush=True)
                if "stopped" in r:
                    broken[stage] = f"({r['stopped']} below)"
                    if stage in chain:  # the later stages of the chain have no input
                        broken.update({s: broken[stage] for s in chain})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 400_000, 1_600_000])
    ap.add_argument("--docs", type=int, nargs="+", default=[50, 200, 800],
                    help=f"sizes of the {IDENTICAL} family, in documents")
    ap.add_argument("--cases", nargs="+", default=[*CASES, IDENTICAL],
                    choices=[*CASES, IDENTICAL], metavar="CASE",
                    help=f"run only these cases (the texts: {', '.join(CASES)}; or "
                         f"{IDENTICAL})")
    ap.add_argument("--stages", nargs="+", default=[*STAGES, BUILD],
                    choices=[*STAGES, BUILD])
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--max-rss-gb", type=float, default=4.0)
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs per stage and size: the best time and the lowest peak are shown")
    ap.add_argument("--no-tracemalloc", action="store_true",
                    help="skip the second, traced call (its Python peak is then not shown)")
    ap.add_argument("--no-trim", action="store_true",
                    help="baseline RSS without giving glibc's and jemalloc's free pages "
                         "back first")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "hostile.json")
    args = ap.parse_args()
    results: dict[str, dict] = {}
    for case in args.cases:
        run_case(case, args, results)
    texts = [c for c in args.cases if c != IDENTICAL]
    if texts:
        table(results, texts, args.stages, args.sizes)
    if IDENTICAL in args.cases:
        table(results, [IDENTICAL], args.stages, args.docs, unit="docs")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
