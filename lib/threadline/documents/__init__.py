"""files -> DOCUMENTS: reading, cleaning, article splitting and publication dates.

    read_corpus   folders/files (.txt .md .html .jsonl .csv .parquet) -> DOCUMENTS
    from_table    a frame of rows (doc_id, text, published, url, title) -> DOCUMENTS, text as is

Offsets (start, end) are code points into the decoded file, except for HTML pages, where they
are into the main text trafilatura extracts (markup is not text).

Every frame carries two extra columns after the schema's: `encoding` (how the file was
decoded) and `meta_source` (a publisher/source name given by a table or sidecar).
"""

from threadline.documents.corpus import read_corpus
from threadline.documents.tables import from_table

__all__ = ["from_table", "read_corpus"]
