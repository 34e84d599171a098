"""Would a trained filter over the extractor's quotations beat its rules? Measured, not shipped.

    .venv/bin/python benchmarks/quote_filter.py

The issue invites a small trained model where the rules stall. The rules already decide, for
every quoted span, whether it is a direct quotation (published in `quotes`) or a fragment
(`is_partial`, `is_scare_quote`). This script learns that decision from PolNeAR's train split
instead: a logistic regression (numpy, no new dependency) over what the rules know of each span
(which attribution rule fired, the flags, whether a speaker was found, its kind, the span's
length, case and punctuation, the character before it, the cue), labelled by whether the span
matches a gold quotation at 80% overlap. It prints the rules' F1 beside the filter's, on train by
5-fold cross-validation (folds by article) and on dev (trained on all of train), at the
threshold cross-validation picks. Speaker accuracy does not change: the filter only publishes or
holds back rows the rules produced.

Reads ../shared/corpora/polnear through benchmarks/quotes.py (same gold, same cached parses).
"""
from __future__ import annotations

import math
import random
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import quotes as bench  # noqa: E402  (benchmarks/quotes.py)

RULES = ["cue_subject_after", "cue_subject_before", "cue_adjacent_after", "cue_adjacent_before", "according_to",
         "colon_name", "colon_subject", "dash_credit", "continuation", "paragraph_subject", "None"]
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75)


def features(q, text: str, paragraph_starts: set[int]) -> list[float]:
    s = q.parts[0][0]
    content = q.text.rstrip("”\"’' ")
    words = q.text.split()
    before = text[max(0, s - 3):s - 1].rstrip()
    prev = before[-1:]
    return [1.0, *(float(str(q.rule) == r) for r in RULES),
            float(q.is_partial), float(q.is_scare_quote), float(q.speaker is None),
            float(q.speaker_kind == "person"), float(q.speaker_kind == "description"),
            math.log(1 + len(words)), float(len(words) <= 4), float(len(q.parts) > 1),
            float(content[:1].islower()), float(bool(re.search(r"[.!?…]$", content))), float(content.endswith(",")),
            float((s - 1) in paragraph_starts), float(prev == ","), float(prev == ":"), float(prev.isalnum()),
            float(prev in "—–-"), float(all(w[:1].isupper() for w in words)), float(q.cue in ("said", "says")),
            float(q.confidence or 0)]


def candidates(split: str, model: str):
    """Every quoted span the extractor returns (published or not), its features and its label."""
    from quotewire.quote_spans import paragraphs
    from quotewire.quotes import extract_quotes

    texts = bench.load_split(split)
    docs = bench.parsed_docs(split, texts, model)
    gold = bench.load_gold(split, complete=False)
    X, y, published, articles = [], [], [], []
    for art, text in texts.items():
        body_start = text.find("\n") + 1
        starts = {lo for lo, _ in paragraphs(text)}
        golds = [bench.chars(text, g["spans"]) for g in gold.get(art, [])]
        for q in extract_quotes(docs[art]):
            if q.start_char < body_start:
                continue
            pc = bench.chars(text, q.parts)
            X.append(features(q, text, starts))
            y.append(float(any(len(pc & g) / max(1, len(g)) >= 0.8 for g in golds)))
            published.append(not (q.is_partial or q.is_scare_quote))
            articles.append(art)
    return np.array(X), np.array(y), np.array(published), articles, sum(len(g) for g in gold.values())


def fit(X: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 3000, rate: float = 0.5) -> np.ndarray:
    w = np.zeros(X.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-X @ w))
        grad = X.T @ (p - y) / len(y) + l2 * np.r_[0.0, w[1:]] / len(y)
        w -= rate * grad
    return w


def f1(chosen: np.ndarray, y: np.ndarray, n_gold: int) -> tuple[float, float, float]:
    # A chosen span that matches counts once: the extractor's spans do not overlap, so no gold
    # quotation is matched twice at 80%.
    tp = float((chosen & (y == 1)).sum())
    p, r = tp / max(1, chosen.sum()), tp / max(1, n_gold)
    return 2 * p * r / max(1e-9, p + r), p, r


def main() -> None:
    from quotewire.settings import Settings

    model = Settings.from_env().model
    Xt, yt, pub_t, arts_t, gold_t = candidates("train", model)
    Xd, yd, pub_d, _, gold_d = candidates("dev", model)
    names = sorted(set(arts_t))
    random.Random(0).shuffle(names)
    fold = np.array([{a: i % 5 for i, a in enumerate(names)}[a] for a in arts_t])
    cv = {}
    for thr in THRESHOLDS:
        chosen = np.zeros(len(yt), dtype=bool)
        for k in range(5):
            w = fit(Xt[fold != k], yt[fold != k])
            chosen[fold == k] = 1 / (1 + np.exp(-Xt[fold == k] @ w)) >= thr
        cv[thr] = f1(chosen, yt, gold_t)
    best = max(cv, key=lambda t: cv[t][0])
    w = fit(Xt, yt)
    dev = f1(1 / (1 + np.exp(-Xd @ w)) >= best, yd, gold_d)
    print(f"candidates: train {len(yt)} spans ({int(yt.sum())} match a gold quotation), dev {len(yd)}")
    print("train, rules:                    F1 {:.3f}  P {:.3f}  R {:.3f}".format(*f1(pub_t, yt, gold_t)))
    print(f"train, filter, 5-fold CV @{best}:  " + "F1 {:.3f}  P {:.3f}  R {:.3f}".format(*cv[best]))
    print("dev,   rules:                    F1 {:.3f}  P {:.3f}  R {:.3f}".format(*f1(pub_d, yd, gold_d)))
    print(f"dev,   filter (all train) @{best}:  " + "F1 {:.3f}  P {:.3f}  R {:.3f}".format(*dev))
    print("CV by threshold: " + ", ".join(f"{t}: {v[0]:.3f}" for t, v in cv.items()))


if __name__ == "__main__":
    main()
