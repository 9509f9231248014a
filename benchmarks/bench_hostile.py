"""Growth of time and peak memory on pathological texts, stage by stage.

Each case is a text made here (lines of dates, "on 3 March" repeated, "U.S." repeated, Arabic,
combining marks, emoji, one 200 k-character sentence, lines of 40 k spaces, 40 k spaces inside
a line, runs of blank lines holding a space) and, as the
reference in the same run, ordinary article prose written for this benchmark. Each is scaled
to 100 KB, 400 KB and 1.6 MB (UTF-8 bytes) and run through `read_corpus`, `tag_dates` and
`extract_events`, each stage in a fresh subprocess (inputs from the previous stage's Parquet),
after a warm-up call, so the figures are the stage's own: wall and CPU time, the growth of
peak RSS over the RSS before the call (taken after `malloc_trim`, so freed warm-up pages the
call reuses do not hide its growth), the growth of peak anonymous memory (RssAnon sampled
during the call: RSS without file-backed library pages), and the tracemalloc peak of a
second, traced call (Python objects only). A stage over the time or memory cap is stopped and
shown as such. The 4x ratios are printed per step; the target (read on wall time and the
anonymous-memory growth) is at most 5x per 4x, and no stage above 10 s or 1 GB at 1.6 MB.

    .venv/bin/python benchmarks/bench_hostile.py [--sizes 100000 400000 1600000]
        [--cases dates_lines us ...] [--stages read_corpus tag_dates extract_events]
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
if stage == "read_corpus":
    args = (work / "case.txt",)
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
                  "rows": out.height}))
"""


def run_stage(stage: str, work: Path, timeout: float, max_rss_gb: float,
              traced: bool = True, trim: bool = True) -> dict:
    """One stage in a fresh subprocess, stopped past `timeout` s (three times that with the
    traced second call) or `max_rss_gb` GB of RSS."""
    env = {**os.environ, "POLARS_MAX_THREADS": os.environ.get("POLARS_MAX_THREADS", "2")}
    argv = [sys.executable, "-c", CHILD, stage, str(work), str(int(traced)), str(int(trim))]
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
           **{k: min(x[k] for x in runs) for k in ("cpu_s", "peak_mb", "anon_mb")}}
    if all(x.get("py_peak_mb") is not None for x in runs):
        out["py_peak_mb"] = min(x["py_peak_mb"] for x in runs)
    return out


def table(results: dict[str, dict], cases: list[str], stages: list[str], sizes: list[int]
          ) -> None:
    """The whole table: per case and stage, each size's cell, then the ratios per 4x step."""
    print("\ncell: wall s, CPU s (all threads); growth MB of peak RSS (VmHWM), of peak "
          "anonymous memory (RssAnon, sampled), tracemalloc peak (Python only);\nthe criterion "
          "reads wall time and the anonymous-memory growth (RSS also holds library pages the "
          "kernel drops and reloads)")
    print(f"ratios per 4x step: wall / CPU / RSS / anon / tracemalloc; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end")
    print(f"{'case':18} {'stage':15} " + "".join(f"{s:>33,}" for s in sizes) + "   ratios")
    for case in cases:
        for stage in stages:
            rows = [results.get(f"{case}|{stage}|{s}", {"stopped": "not run"}) for s in sizes]
            steps = zip(rows, rows[1:], strict=False)
            growth = "  ".join("/".join(ratio(a, b, k) for k in FLOORS) for a, b in steps)
            print(f"{case:18} {stage:15} " + "".join(f"{cell(r):>33}" for r in rows) +
                  f"   {growth}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 400_000, 1_600_000])
    ap.add_argument("--cases", nargs="+", default=list(CASES))
    ap.add_argument("--stages", nargs="+", default=list(STAGES))
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--max-rss-gb", type=float, default=4.0)
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs per stage and size: the best time and the lowest peak are shown")
    ap.add_argument("--no-tracemalloc", action="store_true",
                    help="skip the second, traced call (its Python peak is then not shown)")
    ap.add_argument("--no-trim", action="store_true",
                    help="baseline RSS without giving the C heap's free pages back first")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "hostile.json")
    args = ap.parse_args()
    results: dict[str, dict] = {}
    for case in args.cases:
        broken: dict[str, str] = {}  # a stage stopped at a smaller size is not run at larger
        for size in args.sizes:
            with tempfile.TemporaryDirectory() as tmp:
                work = Path(tmp)
                (work / "case.txt").write_text(make_text(case, size), encoding="utf-8")
                for stage in STAGES[: max(STAGES.index(s) for s in args.stages) + 1]:
                    if stage in broken:
                        results[f"{case}|{stage}|{size}"] = {"stopped": broken[stage]}
                        break
                    r = best([run_stage(stage, work, args.timeout, args.max_rss_gb,
                                        not args.no_tracemalloc, not args.no_trim)
                              for _ in range(args.repeat)])
                    if "stopped" in r:
                        broken[stage] = f"({r['stopped']} below)"
                    results[f"{case}|{stage}|{size}"] = r
                    print(f"{case:18} {stage:15} {size:>9,} B  {cell(r)}", flush=True)
                    if "stopped" in r:
                        break
    table(results, args.cases, args.stages, args.sizes)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
