"""The language model on every core: articles parsed and extracted in worker processes.

spaCy releases no lock worth having in Python code, so threads would share one core; quotewire uses
processes. Each worker loads the model once and both parses and extracts its articles, so only
the small extracted rows come back to the parent, never a Doc. With `processes=1` everything runs
in the calling process (the reference the parallel path must equal, and what a step does when
Dagster's multiprocess executor already runs several steps at once).

Workers start with `spawn`: they import only quotewire and spaCy, and never inherit the parent's
open DuckDB connections, Dagster threads or memory.

    with ArticleExtractor("en_core_web_sm", processes=2) as extractor:
        for outcome in extractor.extract(chunks):   # chunks: lists of (article_id, body)
            outcome.results, outcome.failures
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

CHUNK = 16  # articles per task sent to a worker: small, so that no core idles long at a batch's end
PIPE_BATCH = 4  # articles per nlp.pipe batch: measured as fast as 16 or 64, with 0.1-0.4 GB less per worker


@dataclass
class ChunkOutcome:
    """What became of one chunk: the extracted articles, and (article_id, reason) for each
    article the model or the extractors failed on (retried next run, never half-written)."""
    results: list = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)


class ArticleExtractor:
    def __init__(self, model: str, processes: int = 1, *, parse_only: bool = False):
        self.model = model
        self.processes = max(1, processes)
        self.parse_only = parse_only
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "ArticleExtractor":
        if self.processes > 1:
            self._pool = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_load, initargs=(self.model,))
            for _ in range(self.processes):  # start every worker now: the model loads meanwhile
                self._pool.submit(_ready)
        else:
            _load(self.model)
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            # Not waiting for the workers to exit (0.4 s): they end on their own, and the
            # interpreter joins them at exit.
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def extract(self, chunks: Iterable[list[tuple[str, str]]]) -> Iterator[ChunkOutcome]:
        """One outcome per chunk, in order. At most two chunks per worker are in flight, so memory
        follows the chunk size, not the length of `chunks`."""
        if self._pool is None:
            for chunk in chunks:
                yield _extract_chunk(chunk, self.parse_only)
            return
        pending: deque[Future] = deque()
        for chunk in chunks:
            pending.append(self._pool.submit(_extract_chunk, chunk, self.parse_only))
            if len(pending) >= 2 * self.processes:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


_shared: dict[str, ArticleExtractor] = {}


def shared_extractor(model: str, processes: int) -> ArticleExtractor:
    """An open extractor kept for the life of the process, so that consecutive batches of one run
    reuse its workers (whatever their number) instead of loading the model again;
    `close_shared()` ends them."""
    if model not in _shared:
        _shared[model] = ArticleExtractor(model, processes).__enter__()
    return _shared[model]


def prestart(model: str, processes: int) -> None:
    """Starts the shared workers loading the model in the background, so that they are ready when
    the run reaches extraction (only worth it with workers: one process would load it here)."""
    if processes > 1:
        shared_extractor(model, processes)


def close_shared() -> None:
    while _shared:
        _shared.popitem()[1].__exit__(None, None, None)


# --- In the worker (or the calling process when processes=1).

_nlp = None


def _ready() -> None:
    """A worker's first task: by the time it runs, the initializer has loaded the model."""


def _load(model: str) -> None:
    global _nlp
    from quotewire.nlp import load_language_model

    _nlp = load_language_model(model)


def _extract_chunk(chunk: list[tuple[str, str]], parse_only: bool = False) -> ChunkOutcome:
    """Parses a chunk with `nlp.pipe` and extracts each Doc as it comes, so that only one Doc's
    extraction is alive at a time. When the model fails inside the chunk, the articles not yet
    done are parsed alone, so that one bad body costs only itself."""
    outcome = ChunkOutcome()
    done = 0
    try:
        for (article_id, _), doc in zip(chunk, _nlp.pipe((body for _, body in chunk), batch_size=PIPE_BATCH)):
            _extract_one(article_id, doc, outcome, parse_only)
            done += 1
    except Exception:
        for article_id, body in chunk[done:]:
            try:
                doc = _nlp(body)
            except Exception as err:
                outcome.failures.append((article_id, f"the language model could not parse it: {err!r}"))
                continue
            _extract_one(article_id, doc, outcome, parse_only)
    return outcome


def _extract_one(article_id: str, doc, outcome: ChunkOutcome, parse_only: bool) -> None:
    from quotewire.extraction import extract_article

    if parse_only:
        return
    try:
        outcome.results.append(extract_article(article_id, doc))
    except Exception as err:  # one article's failure costs only that article
        outcome.failures.append((article_id, f"extraction failed: {err!r}"))
