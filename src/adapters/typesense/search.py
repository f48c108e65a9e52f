"""The Typesense SearchIndex: a collection behind an alias (``people`` -> ``people_<n>``), typo-tolerant prefix
search, a geopoint, facets, and sorting on text match, the precomputed static score and the id (0.24's 3 keys).

Versions: each record keeps its source version and a deleted id stays as an unlisted tombstone, so an older
write never overwrites a newer one. Typesense has no conditional write, so the check and the write are two calls:
writers of one id in one process queue on a lock; writers in different processes rely on the indexer's inbox
(one event is applied once) and on the rebuild's later versions to repair the rare lost race.
"""

from __future__ import annotations

import contextlib
import json
import threading
import zlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import attrs
import httpx
import typesense
from typesense.configuration import NodeConfigDict
from typesense.exceptions import ObjectAlreadyExists, ObjectNotFound, TypesenseClientError

from adapters.typesense.records import document_from, filter_by, record, schema, tombstone
from core.search.documents import DayMinutes, SearchDocument, normalised, search_text
from core.search.errors import IndexUnavailable, IndexWriteRejected
from core.search.ports import Facets, Hit, IndexPage, IndexStatus, Written
from core.search.query import PRICE_BUCKETS, IndexQuery, Sort
from core.search.synonyms import Alternatives, Synonym, alternatives, matches_alternatives, whole_share

MAX_PER_PAGE = 250  # Typesense's largest page
MAX_FACET_VALUES = 250  # cities in a facet; terms a suggestion picks the shortest from
_LOCKS = 64
DAYS_BATCH = 100  # ids per export filter in refresh_days
WRITE_BATCH = 250  # ids per export filter and import in write_many
NODE_RECHECK_S = 5  # a cluster node that failed a call is skipped this long (whole seconds, the client's clock)


def typesense_client(url: str | Sequence[str], api_key: str, timeout_seconds: float = 2.0) -> typesense.Client:
    """A client of the server at ``url`` (http[s]://host:port), or of every node of a cluster (several URLs). No
    connection is made until the first call.

    With several nodes a call that fails on one (refused, timed out, 5xx) is tried at once on the next, each node
    at most once more than the others; a node that failed is skipped for ``NODE_RECHECK_S``, then tried again.
    Followers answer searches themselves and forward writes to the leader, so any node takes any call.
    """
    urls = [url] if isinstance(url, str) else list(url)
    nodes: list[NodeConfigDict] = []
    for each in urls:
        parts = urlsplit(each)
        port = parts.port or (443 if parts.scheme == "https" else 8108)
        nodes.append({"host": parts.hostname or "127.0.0.1", "port": port, "protocol": parts.scheme or "http"})
    config: dict[str, Any] = {"api_key": api_key, "nodes": nodes, "connection_timeout_seconds": timeout_seconds}
    if len(nodes) == 1:
        config["num_retries"] = 1
    else:
        config.update(num_retries=len(nodes), retry_interval_seconds=0.0, healthcheck_interval_seconds=NODE_RECHECK_S)
    return typesense.Client(config)  # type: ignore[arg-type]  # a ConfigDict built key by key


@contextlib.contextmanager
def answering() -> Iterator[None]:
    """Vendor errors become the port's: IndexUnavailable (a missing object is the caller's to catch first)."""
    try:
        yield
    except ObjectNotFound:
        raise
    except (TypesenseClientError, httpx.HTTPError) as error:
        raise IndexUnavailable(f"{type(error).__name__}: {str(error)[:200]}") from error


def relevance(groups: Sequence[Alternatives], text: str) -> float:
    """1 with no words; every word a prefix (or a synonym's expansion): 0.5 plus half the share matched by whole
    words; a typo match 0.25."""
    if not groups:
        return 1.0
    if not matches_alternatives(groups, text):
        return 0.25
    return 0.5 + 0.5 * whole_share(groups, text)


def synonym_id(term: str) -> str:
    return f"syn-{term}"  # terms are one normalised word: [a-z0-9]+


def _counts(facet: dict[str, Any]) -> tuple[tuple[str, int], ...]:
    pairs = [(str(c["value"]), int(c["count"])) for c in facet.get("counts", ()) if c["value"] != ""]
    return tuple(sorted(pairs, key=lambda item: (-item[1], item[0])))


def facets_of(answer: dict[str, Any]) -> Facets:
    by_field = {facet["field_name"]: _counts(facet) for facet in answer.get("facet_counts", ())}
    prices = dict(by_field.get("price_bucket", ()))
    return Facets(
        by_field.get("roles", ()),
        by_field.get("city", ()),
        tuple((name, prices[name]) for name, _, _ in PRICE_BUCKETS if name in prices),
    )


class TypesenseSearchIndex:
    """The people index on Typesense. ``alias`` names what readers and writers use; ``collection`` pins one
    collection instead (a rebuild writes a new one before the alias moves to it)."""

    def __init__(
        self,
        client: typesense.Client,
        alias: str = "people",
        collection: str | None = None,
        *,
        sole_writer: bool = False,
    ) -> None:
        self.client = client
        self.alias = alias
        self._pinned = collection
        self._ready = False
        self._locks = [threading.Lock() for _ in range(_LOCKS)]
        # a new collection only this object writes (a rebuild's): the versions it wrote are the stored ones, so a bulk
        # write checks them here instead of exporting them first
        self._wrote: dict[str, tuple[int, bool]] | None = {} if sole_writer else None

    @property
    def target(self) -> str:
        """The collection name calls go to: the pinned collection, else the alias (created on first use)."""
        if self._pinned is not None:
            return self._pinned
        if not self._ready:
            self.ensure()
        return self.alias

    def ensure(self) -> str:
        """The collection behind the alias, creating ``<alias>_1`` and the alias when there is none."""
        with answering():
            try:
                current = str(self.client.aliases[self.alias].retrieve()["collection_name"])
            except ObjectNotFound:
                current = f"{self.alias}_1"
                self.create_collection(current)
                self.client.aliases.upsert(self.alias, {"collection_name": current})
        self._ready = True
        return current

    def create_collection(self, name: str) -> None:
        with answering(), contextlib.suppress(ObjectAlreadyExists):
            self.client.collections.create(schema(name))  # type: ignore[arg-type]  # our dict is the schema

    def _documents(self) -> Any:
        return self.client.collections[self.target].documents

    def lock(self, document_id: str) -> threading.Lock:
        return self._locks[zlib.crc32(document_id.encode()) % _LOCKS]

    def stored(self, document_id: str) -> dict[str, Any] | None:
        with answering():
            try:
                return dict(self._documents()[document_id].retrieve())
            except ObjectNotFound:
                return None

    def write(self, records: list[dict[str, Any]]) -> None:
        """Import ``records`` (upserts). Typesense answers 200 with one result per line: every line is read and
        any failed one raises IndexWriteRejected naming the ids that failed."""
        if not records:
            return
        with answering():  # batch_size: the server takes the lines this many at a time (40 unless told)
            results = self._documents().import_(records, {"action": "upsert", "batch_size": len(records)})
        if self._wrote is not None:
            self._wrote.update((rec["id"], (int(rec["source_version"]), bool(rec["listed"])))
                               for rec, res in zip(records, results, strict=False) if res.get("success"))  # fmt: skip
        failed = [(rec["id"], str(res.get("error", "no result"))) for rec, res in zip(records, results, strict=False)
                  if not res.get("success")]  # fmt: skip
        failed += [(rec["id"], "no result line") for rec in records[len(results) :]]
        if failed:
            raise IndexWriteRejected(tuple(i for i, _ in failed), "; ".join(sorted({why for _, why in failed}))[:300])

    def upsert(self, document: SearchDocument) -> bool:
        with self.lock(document.id):
            stored = self.stored(document.id)
            if stored is not None and int(stored["source_version"]) >= document.source_version:
                return False
            self.write([record(document)])
            return True

    def delete(self, document_id: str, source_version: int) -> bool:
        with self.lock(document_id):
            stored = self.stored(document_id)
            if stored is not None and int(stored["source_version"]) >= source_version:
                return False
            self.write([tombstone(document_id, source_version)])
            return stored is not None and bool(stored["listed"])

    def _held(self, ids: Sequence[str]) -> contextlib.ExitStack:
        """The locks of ``ids``, taken in one order (so two bulk writes cannot deadlock)."""
        held = contextlib.ExitStack()
        for number in sorted({zlib.crc32(i.encode()) % _LOCKS for i in ids}):
            held.enter_context(self._locks[number])
        return held

    def _versions(self, ids: Sequence[str]) -> dict[str, tuple[int, bool]]:
        """The stored (source version, listed) of those of ``ids`` the collection holds, in one export (none for a
        sole writer: what it wrote)."""
        if self._wrote is not None:
            return {i: self._wrote[i] for i in ids if i in self._wrote}
        wanted = ",".join(f"`{i}`" for i in ids if "`" not in i)
        with answering():
            text = self._documents().export(
                {"filter_by": f"key:=[{wanted}]", "include_fields": "key,source_version,listed"}
            )
        found = [json.loads(line) for line in text.splitlines() if line.strip()]
        return {str(rec["key"]): (int(rec["source_version"]), bool(rec["listed"])) for rec in found}

    def write_many(self, documents: Sequence[SearchDocument], deletions: Mapping[str, int]) -> Written:
        """Per batch of ids: one export of their stored versions, one import of the newer documents and tombstones
        (every result line read: ``IndexWriteRejected`` names the refused ids), under the ids' locks."""
        upserted: set[str] = set()
        deleted: set[str] = set()
        ids = sorted({d.id for d in documents} | set(deletions))
        by_id = {d.id: d for d in documents}
        step = (len(ids) or 1) if self._wrote is not None else WRITE_BATCH  # a sole writer: one import for the lot
        for first in range(0, len(ids), step):
            batch = ids[first : first + step]
            with self._held(batch):
                stored = self._versions(batch)
                newer = [i for i in batch if stored.get(i, (-1, False))[0] < (
                    by_id[i].source_version if i in by_id else deletions[i])]  # fmt: skip
                self.write([record(by_id[i]) if i in by_id else tombstone(i, deletions[i]) for i in newer])
            upserted.update(i for i in newer if i in by_id)
            deleted.update(i for i in newer if i not in by_id and stored.get(i, (-1, False))[1])
        return Written(frozenset(upserted), frozenset(deleted))

    def refresh_days(self, days: Mapping[str, tuple[DayMinutes, ...]]) -> int:
        """An export of each batch's listed documents and one import of those whose days moved, under the ids'
        locks (so an upsert of this process cannot land between the read and the write)."""
        ids, changed = sorted(days), 0
        for first in range(0, len(ids), DAYS_BATCH):
            batch = ids[first : first + DAYS_BATCH]
            with contextlib.ExitStack() as held:
                for number in sorted({zlib.crc32(i.encode()) % _LOCKS for i in batch}):
                    held.enter_context(self._locks[number])
                wanted = ",".join(f"`{i}`" for i in batch if "`" not in i)
                with answering():
                    text = self._documents().export(
                        {"filter_by": f"listed:true && key:=[{wanted}]", "include_fields": "document"}
                    )
                stored = [document_from(json.loads(line)["document"]) for line in text.splitlines() if line.strip()]
                moved = [attrs.evolve(old, days=days[old.id]) for old in stored if old.days != days[old.id]]
                self.write([record(document) for document in moved])
                changed += len(moved)
        return changed

    def _search(self, params: dict[str, Any]) -> dict[str, Any]:
        with answering():
            return dict(self._documents().search({"query_by": "body", **params}))

    def _pages(self, params: dict[str, Any], query: IndexQuery) -> tuple[list[SearchDocument], dict[str, Any]]:
        """The documents from ``query.offset`` (up to ``query.limit``), and the first answer (found, facets)."""
        if query.limit <= MAX_PER_PAGE and query.offset % max(1, query.limit) == 0:
            per_page = query.limit
        else:
            per_page = MAX_PER_PAGE
        first = query.offset // max(1, per_page)
        last = first if per_page == 0 else (query.offset + query.limit - 1) // per_page
        facets = {"facet_by": "roles,city,price_bucket", "max_facet_values": MAX_FACET_VALUES} if query.facets else {}
        answers: list[dict[str, Any]] = []
        for number in range(first, last + 1):
            extra = facets if number == first else {}
            answers.append(self._search({**params, **extra, "page": number + 1, "per_page": per_page}))
            if len(answers[-1]["hits"]) < per_page:
                break
        documents = [document_from(hit["document"]["document"]) for answer in answers for hit in answer["hits"]]
        start = query.offset - first * per_page
        return documents[start : start + query.limit], answers[0]

    def query(self, query: IndexQuery) -> IndexPage:
        """Every word exactly one of a document's word prefixes (whole words weigh more); when that finds
        nothing, Typesense's typo tolerance on the words (a typo match's relevance is 0.25)."""
        words = query.text
        params: dict[str, Any] = {
            "q": " ".join(words) or "*", "query_by": "body,prefixes", "query_by_weights": "2,1",
            "prefix": "false,false", "num_typos": "0,0", "drop_tokens_threshold": 0, "typo_tokens_threshold": 0,
            "filter_by": filter_by(query.filters), "include_fields": "document",
            "sort_by": "created_at:desc,key:asc" if query.sort is Sort.NEWEST
            else "_text_match:desc,static_score:desc,key:asc",
        }  # fmt: skip
        documents, answer = self._pages(params, query)
        if words and int(answer["found"]) == 0:
            typos = {"query_by": "body", "query_by_weights": "1", "prefix": "true", "num_typos": "2",
                     "typo_tokens_threshold": 1, "min_len_1typo": 5, "min_len_2typo": 8}  # fmt: skip
            documents, answer = self._pages({**params, **typos}, query)
        groups = alternatives(words, query.synonyms)  # the server matched them; the relevance reads them too
        hits = tuple(Hit(d, relevance(groups, search_text(d))) for d in documents)
        return IndexPage(hits, int(answer["found"]), facets_of(answer) if query.facets else None)

    def suggest(self, prefix: str, limit: int) -> list[str]:
        words = prefix.split()
        if not words or limit <= 0:
            return []
        answer = self._search({
            "q": "*", "filter_by": "listed:true && safe:true", "per_page": 0, "facet_by": "terms",
            "facet_query": f"terms:{words[0]}", "max_facet_values": MAX_FACET_VALUES,
        })  # fmt: skip
        terms = {
            (normal, str(count["value"]))
            for facet in answer.get("facet_counts", ())
            for count in facet.get("counts", ())
            if (normal := normalised(str(count["value"]))) and normal.startswith(prefix)
        }
        return [term for _, term in sorted(terms, key=lambda pair: (len(pair[0]), *pair))][:limit]

    def use_synonyms(self, synonyms: Sequence[Synonym]) -> None:
        """The collection's synonyms become ``synonyms`` (one-way: the term's root finds each expansion);
        Typesense then expands queries itself. Those of terms no longer given are deleted."""
        wanted = {synonym_id(s.term): {"root": s.term, "synonyms": list(s.expansions)} for s in synonyms}
        with answering():
            api = self.client.collections[self.target].synonyms
            stored = {str(item["id"]) for item in api.retrieve().get("synonyms", ())}
            for name, body in wanted.items():
                api.upsert(name, body)  # type: ignore[arg-type]  # our dict is the synonym schema
            for name in stored - wanted.keys():
                api[name].delete()

    def ids(self) -> list[str]:
        with answering():
            exported = self._documents().export({"filter_by": "listed:true", "include_fields": "id"})
        return sorted(str(json.loads(line)["id"]) for line in exported.splitlines() if line.strip())

    def status(self) -> IndexStatus:
        def count(listed: bool) -> int:
            return int(self._search({"q": "*", "filter_by": f"listed:{str(listed).lower()}", "per_page": 0})["found"])

        return IndexStatus(count(True), count(False))
