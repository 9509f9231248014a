"""Unique doc_ids, by one documented rule, so dates never cross-wire between documents.

The rule: in read order (inputs in sorted path order, then rows or articles in order), the
first row holding a doc_id keeps it; each later row with the same doc_id becomes
"<doc_id>~<k>", with k = 2, 3, ... the first that no row uses, and its `error` says so (its
status stays "ok": it is read like any other row). Duplicates within a table, across tables,
and a table's "a#1" beside the file a.txt (whose article is "a#1") are all caught.
"""

from __future__ import annotations

import polars as pl


def unique_ids(docs: pl.DataFrame) -> pl.DataFrame:
    """`docs` with every repeated doc_id renamed by the rule above and the rename reported.

    >>> d = pl.DataFrame({"doc_id": ["a#1", "a#1", "a#1~2", "a#1"], "source": ["t", "u", "v", "w"],
    ...                   "status": ["ok"] * 4, "error": [None] * 4})
    >>> unique_ids(d)["doc_id"].to_list()
    ['a#1', 'a#1~3', 'a#1~2', 'a#1~4']
    >>> unique_ids(d)["error"][1]
    "doc_id 'a#1' is also the id of an earlier row (from t); this row is renamed 'a#1~3'"
    """
    nth = docs.select(pl.col("doc_id").cum_count().over("doc_id"))["doc_id"]
    if docs.height == 0 or nth.max() <= 1:
        return docs
    taken = set(docs["doc_id"].to_list())
    first: dict[str, str] = {}
    ids, errors = [], []
    rows = zip(docs["doc_id"], docs["source"], docs["error"], nth, strict=True)
    for doc_id, source, error, k in rows:
        if k == 1:
            first[doc_id] = source
            ids.append(doc_id)
            errors.append(error)
            continue
        n = k
        while f"{doc_id}~{n}" in taken:
            n += 1
        new = f"{doc_id}~{n}"
        taken.add(new)
        ids.append(new)
        note = (f"doc_id {doc_id!r} is also the id of an earlier row (from {first[doc_id]}); "
                f"this row is renamed {new!r}")
        errors.append(f"{error}; {note}" if error else note)
    return docs.with_columns(
        pl.Series("doc_id", ids, dtype=pl.String), pl.Series("error", errors, dtype=pl.String)
    )
