"""The plain baseline: an intent is picked by words seen only in that intent's examples."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from eval.nlu_data import Example

_WORD = re.compile(r"\w+", re.UNICODE)


class KeywordMatcher:
    """Counts, per intent, the message's words that occur in that intent's examples only."""

    def __init__(self, examples: list[Example]) -> None:
        seen: dict[str, set[str]] = defaultdict(set)
        for example in examples:
            for word in _WORD.findall(example.text.lower()):
                seen[word].add(example.intent)
        self.keywords = {word: next(iter(i)) for word, i in seen.items() if len(i) == 1}

    def predict(self, text: str) -> str:
        """The intent with the most keywords in `text`, or nlu_fallback if none."""
        hits = Counter(self.keywords[w] for w in _WORD.findall(text.lower()) if w in self.keywords)
        return hits.most_common(1)[0][0] if hits else "nlu_fallback"
