"""files -> DOCUMENTS: reading, cleaning, article splitting and publication dates.

    read_corpus   folders/files (.txt .md .html .jsonl .csv .parquet) -> DOCUMENTS
    from_table    a frame of rows (doc_id, text, published, url, title) -> DOCUMENTS, text as is

Offsets (start, end) are code points into the decoded file, except for HTML pages, where they
are into the main text trafilatura extracts (markup is not text).

Every frame carries one extra column after the schema's: `meta_source` (a publisher/source
name given by a table or sidecar). How each text was decoded is the schema's `encoding`.

    read        the walk over the inputs (every entry accounted for) and refusing bad files
    decode      the one decoder policy (encoding recorded); chars: characters XML forbids
    published   the one parsing path for publication dates given as metadata
    ids         unique doc_ids by one documented rule
"""

from threadline.documents.corpus import read_corpus
from threadline.documents.tables import from_table

__all__ = ["from_table", "read_corpus"]
