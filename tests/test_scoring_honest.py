"""The sample scorers never count an abstention as right nor break ties toward the answer."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from threadline.scoring import match_events, score_events

D = dt.date(2020, 5, 4)


def _gold(**fields) -> pl.DataFrame:
    return pl.DataFrame({"file": ["a.txt"], "event_id": ["G1"], "start": [0], "end": [40],
                         "date": ["2020-05-04"], "date_start": [D], "date_end": [D],
                         "thread": [None], "same_as": [None],
                         **{k: [v] for k, v in fields.items()}},
                        schema_overrides={"thread": pl.String, "same_as": pl.String})


def _pred(rows: list[dict]) -> pl.DataFrame:
    base = {"source": "dir/a.txt", "thread_label": None, "cluster_id": None}
    return pl.DataFrame([base | r for r in rows], schema_overrides={
        "thread_label": pl.String, "cluster_id": pl.String, "date": pl.String,
        "date_start": pl.Date, "date_end": pl.Date})


@pytest.mark.parametrize("right_first", [False, True])
def test_ties_are_broken_by_position_not_by_the_right_date(right_first: bool) -> None:
    """Two predictions overlap the gold event equally: the first in the text is matched,
    whichever has the right date."""
    right = {"event_id": "P_right", "date": "2020-05-04", "date_start": D, "date_end": D}
    wrong = {"event_id": "P_wrong", "date": "2019-01-01", "date_start": dt.date(2019, 1, 1),
             "date_end": dt.date(2019, 1, 1)}
    first, second = (right, wrong) if right_first else (wrong, right)
    pred = _pred([first | {"start": 0, "end": 40}, second | {"start": 0, "end": 40}])
    row = match_events(pred, _gold()).row(0, named=True)
    assert row["p_event_id"] == first["event_id"]
    assert row["date_ok"] is right_first


@pytest.mark.parametrize(("predicted", "right"), [
    ("Military Forces of Syria", True), (None, False), ("Civilians (Syria)", False)])
def test_field_scores_count_an_empty_field_as_wrong(predicted: str | None, right: bool) -> None:
    pred = _pred([{"event_id": "P1", "start": 0, "end": 40, "date": "2020-05-04",
                   "date_start": D, "date_end": D, "actor1": predicted}]).with_columns(
        pl.col("actor1").cast(pl.String))
    scores = score_events(pred, _gold(actor1="Military Forces of Syria"))
    assert (scores["n_gold_actor1"], scores["n_actor1_right"]) == (1, int(right))


def test_an_unmatched_gold_event_is_wrong_for_every_field() -> None:
    pred = _pred([{"event_id": "P1", "start": 100, "end": 140, "date": "2020-05-04",
                   "date_start": D, "date_end": D, "event_type": "Battles"}])
    scores = score_events(pred, _gold(event_type="Battles"))
    assert scores["n_found"] == 0 and scores["n_event_type_right"] == 0


@pytest.mark.parametrize("missing", ["pred", "both", "empty"])
def test_timex_value_missing_is_never_a_hit(missing: str) -> None:
    """A timex matched by span but without a value (on the prediction side, or on both sides)
    is an abstention: it counts for relaxed F1 but never for value F1 (TempEval-3)."""
    from threadline.scoring import score_timexes

    gold = pl.DataFrame({"doc_id": ["d"], "start": [3], "end": [12], "value": ["2020-05"],
                         "type": ["DATE"]})
    if missing in ("both", "empty"):
        gold = gold.with_columns(value=pl.lit("" if missing == "empty" else None, pl.String))
    pred = gold.with_columns(value=pl.lit("" if missing == "empty" else None, pl.String),
                             type=pl.lit(None, pl.String))
    scores = score_timexes(pred, gold)
    assert scores["relaxed_f1"] == 1.0
    assert scores["n_value"] == 0 and scores["value_f1"] == 0.0
    assert scores["n_type"] == 0
