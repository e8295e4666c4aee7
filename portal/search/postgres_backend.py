"""The PostgreSQL backend: full-text search in the site's own database, so every machine sees the
same index and the `search` consumer writes it in the same database as everything else.

One row per document (portal/search/models.py): a vector per visibility band, each holding the
title (weight A) and the text of that band and the bands below it, each analysed with the
English (`vox_english`: PostgreSQL's `english` with the Porter stemmer Whoosh uses) and with the
`german` configuration; GIN indexes on them (migration 0007). A query is built from the reader's
words (documents.query_words), never from their text: each word becomes
`plainto_tsquery('vox_english', word) || plainto_tsquery('german', word)` and the words are
combined with AND, so quotes, "-", "or" and the like are never operators, as on Whoosh."""
from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from tortoise.connection import get_connections
from tortoise.transactions import in_transaction

from portal.search.documents import BANDS, Doc, Hit, Results, query_words

# English (with Whoosh's Porter stemmer, see portal/db.py) and German.
CONFIGS = ("vox_english", "german")
# At most this many matches are ranked (the count stops earlier: search.COUNT_CAP).
RANK_CANDIDATES = 2000
# Each band's vector column: the reader's widest band decides which one a query reads.
COLUMN = {"public": "public_tsv", "members": "members_tsv", "staff": "staff_tsv"}


def _vector(sql_text: str, weight: str | None = None) -> str:
    parts = [f"to_tsvector('{config}'::regconfig, {sql_text})" for config in CONFIGS]
    if weight:
        parts = [f"setweight({part}, '{weight}')" for part in parts]
    return " || ".join(parts)


# One statement per batch: the documents arrive as arrays (unnest), each text is analysed once,
# and the band vectors are built by concatenation.
UPSERT = f"""
WITH src AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[],
                         $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
        AS s(key, type, doc_id, audience, title, url, summary, tags, pub, mem, stf)
), analysed AS (
    SELECT key, type, doc_id, audience, title, url, summary, tags,
           {_vector("title", "A")} AS vt, {_vector("pub")} AS vp, {_vector("mem")} AS vm,
           {_vector("stf")} AS vs
    FROM src
)
INSERT INTO search_document (key, type, doc_id, audience, title, url, summary, tags,
                             title_tsv, public_tsv, members_tsv, staff_tsv)
SELECT key, type, doc_id, audience, title, url, summary, tags,
       vt, vt || vp, vt || vp || vm, vt || vp || vm || vs
FROM analysed
ON CONFLICT (key) DO UPDATE SET
    type = EXCLUDED.type, doc_id = EXCLUDED.doc_id, audience = EXCLUDED.audience,
    title = EXCLUDED.title, url = EXCLUDED.url, summary = EXCLUDED.summary, tags = EXCLUDED.tags,
    title_tsv = EXCLUDED.title_tsv, public_tsv = EXCLUDED.public_tsv,
    members_tsv = EXCLUDED.members_tsv, staff_tsv = EXCLUDED.staff_tsv
"""


def _arrays(docs: Sequence[Doc]) -> list[list]:
    return [[d.key for d in docs], [d.type for d in docs], [d.id for d in docs],
            [d.audience for d in docs], [d.title for d in docs], [d.url for d in docs],
            [d.summary for d in docs], [",".join(d.tags) for d in docs],
            *([d.texts.get(band, "") for d in docs] for band in BANDS)]


def _tsquery(count: int, first: int, joiner: str) -> str:
    """The SQL of a tsquery of `count` words, the parameters $first…, joined with && or ||."""
    return f" {joiner} ".join(
        "(" + " || ".join(f"plainto_tsquery('{config}'::regconfig, ${n})" for config in CONFIGS) + ")"
        for n in range(first, first + count))


def _words(query: str) -> str:
    """The reader's tsquery, made once per statement: written inline, a statement prepared once
    and run with a generic plan parses the words again for every row it ranks."""
    return f"WITH words AS MATERIALIZED (SELECT {query} AS query) "


def _where(column: str, types: tuple[str, ...] | None) -> str:
    return (f"{column} @@ words.query AND audience = ANY($1::text[])"
            + (" AND type = ANY($2::text[])" if types else ""))


def _ranked(column: str, query: str, where: str, limit: int) -> str:
    """The best `limit` matches of `where` by their rank in `column`. Ranking reads every
    candidate's row: a word in many documents would make each search read thousands of rows, so
    only the first RANK_CANDIDATES matches are ranked."""
    return (_words(query) + f"SELECT key, type, title, url, summary FROM (SELECT key, type, title, url, "
            f"summary, {column} AS vector, words.query FROM search_document, words WHERE {where} "
            f"LIMIT {RANK_CANDIDATES}) AS candidates ORDER BY ts_rank(vector, query) DESC, key LIMIT {int(limit)}")


def _hits(rows) -> list[Hit]:
    return [Hit(row["type"], row["title"], row["url"], row["summary"], row["key"]) for row in rows]


class PostgresBackend:
    """Full-text search in the `search_document` table of the site's PostgreSQL database."""

    name = "postgres"
    # The work is the database's: two searches at once keep both cores busy and the pool free.
    max_concurrent = 2

    @staticmethod
    def _connection():
        return get_connections().get("default")

    async def write(self, updates: Sequence[Doc], deletions: Sequence[str]) -> None:
        async with in_transaction() as conn:
            if deletions:
                await conn.execute_query("DELETE FROM search_document WHERE key = ANY($1::text[])",
                                         [list(deletions)])
            if updates:
                await conn.execute_query(UPSERT, _arrays(updates))

    async def purge(self) -> None:
        # The erased person's rows are deleted; the dead row versions stay in the table's files
        # until VACUUM, as for every other table (the operator's part, see the README).
        return None

    async def rebuild(self, batches: AsyncIterator[list[Doc]]) -> int:
        # Upsert batch by batch (readers see the old rows meanwhile), then drop every document
        # this rebuild did not write.
        count = 0
        seen: list[str] = []
        async for batch in batches:
            await self.write(batch, [])
            seen.extend(doc.key for doc in batch)
            count += len(batch)
        await self._connection().execute_query(
            "DELETE FROM search_document WHERE NOT key = ANY($1::text[])", [seen])
        # Every row was written anew: without a VACUUM the table is twice its size, half of it dead
        # rows each search reads past, until autovacuum comes (a mix's p95 was 65 ms, 36 after).
        await self._connection().execute_script("VACUUM (ANALYZE) search_document")
        return count

    async def search(self, words: str, bands: tuple[str, ...], types: tuple[str, ...] | None,
                     page: int, per_page: int, cap: int) -> Results:
        found = query_words(words)
        if not found:
            return Results([], 0, page, per_page)
        column = COLUMN[bands[-1]]
        first = 3 if types else 2
        query = _tsquery(len(found), first, "&&")
        params: list = [list(bands), *([list(types)] if types else []), *found]
        connection = self._connection()
        limit = page * per_page
        # Documents with every word in their title come first (the best matches), then the others,
        # as on Whoosh. Titles are short: while they fill the page, no text vector is read.
        rows = await connection.execute_query_dict(
            _ranked("title_tsv", query, _where("title_tsv", types), limit), params)
        if len(rows) < limit:  # every title match is on this page or before: the texts follow
            others = await connection.execute_query_dict(_ranked(
                column, query, f"{_where(column, types)} AND NOT title_tsv @@ words.query",
                limit - len(rows)), params)
            if page == 1 and len(rows) + len(others) < per_page:  # everything that matched is here
                return Results(_hits(rows + others), len(rows) + len(others), page, per_page)
            rows += others
        rows = rows[(page - 1) * per_page:limit]
        # Count no further than cap + 1: a common word matches tens of thousands of documents.
        counted = await connection.execute_query_dict(
            _words(query) + f"SELECT count(*) AS n FROM (SELECT 1 FROM search_document, words "
            f"WHERE {_where(column, types)} LIMIT {int(cap) + 1}) AS capped", params)
        count = counted[0]["n"]
        return Results(_hits(rows), min(count, cap), page, per_page, exact=count <= cap)

    async def similar(self, words: str, bands: tuple[str, ...], types: tuple[str, ...],
                      limit: int) -> list[Hit]:
        found = query_words(words)
        if not found:
            return []
        query = _tsquery(len(found), 3 if types else 2, "||")
        # Titles only, any word; documents that share more of the words rank higher.
        rows = await self._connection().execute_query_dict(
            _ranked("title_tsv", query, _where("title_tsv", types), limit),
            [list(bands), *([list(types)] if types else []), *found])
        return _hits(rows)

    async def outdated(self) -> bool:
        return False  # its table and indexes change with the migrations

    def close(self) -> None:
        return None  # the database connections close with Tortoise

    def reset(self) -> None:
        return None
