"""Scoring against gold: TempEval-3 timex metrics, article/DCT verdicts, event dates and threads.

Pure functions, polars in and out. Spans are matched inside the same key (``doc_id`` by
default): *strict* = same (key, start, end); *relaxed* = overlapping, paired one-to-one
greedily by largest overlap. Gold loaders read the seed gold (``tests/gold``) with our doc ids
and the TempEval-style JSONL (TimeBank+AQUAINT), read by path only.

    spans      match_spans, drop_overlapping   pairing spans, shared by every scorer
    timex      score_timexes, timex_errors     TempEval-3 timex metrics and error list
    documents  score_documents                 articles and their DCT verdicts
    events     match_events, score_events      events, dates, thread B-cubed, same_as links
    gold       load_gold, load_tempeval_jsonl  the seed gold and TempEval-style JSONL
    timelines  date_f1, top_days               Date-F1 of chosen days against a timeline
"""

from threadline.scoring.documents import score_documents
from threadline.scoring.events import match_events, score_events
from threadline.scoring.gold import GOLD_DIR, load_gold, load_tempeval_jsonl
from threadline.scoring.spans import drop_overlapping, match_spans
from threadline.scoring.timelines import date_f1, top_days
from threadline.scoring.timex import score_timexes, timex_errors

__all__ = [
    "GOLD_DIR",
    "date_f1",
    "drop_overlapping",
    "load_gold",
    "load_tempeval_jsonl",
    "match_events",
    "match_spans",
    "score_documents",
    "score_events",
    "score_timexes",
    "timex_errors",
    "top_days",
]
