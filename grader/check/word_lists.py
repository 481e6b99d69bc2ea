"""Diagnoses of lists of words (tokens, a vocabulary, top words): which words are wrong.

Where the answer is a list of strings, comparing it entry by entry says little ("returned 'ear'
in [0]").  Compared as words, a wrong list is the right words in another order, the right words
with repeats dropped or added, or words missing and words extra; on a visible case the sentence
quotes up to three of them, on a hidden case only how many.
"""

from __future__ import annotations

from collections import Counter

__all__ = ["is_words", "words_sentence"]


def is_words(value) -> bool:
    """A list whose entries are all strings (an empty list counts)."""
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _quoted(words) -> str:
    shown = [repr(w) for w in words[:3]]
    return ", ".join(shown) + (f" and {len(words) - 3} more" if len(words) > 3 else "")


def words_sentence(got, expected, reveal: bool) -> str | None:
    """One sentence on how the list of words ``got`` differs from ``expected``, or None when
    they are not both lists of words (or do not differ as words)."""
    if not (is_words(got) and is_words(expected)) or got == expected:
        return None
    mine, right = Counter(got), Counter(expected)
    if mine == right:
        return ("Yours has exactly the right words, in another order: check the order the docstring "
                "asks for.")
    if set(mine) == set(right):
        if all(mine[w] <= right[w] for w in right):
            return "Yours has the right words but drops repeats: here every occurrence counts."
        if all(mine[w] >= right[w] for w in right):
            return "Yours has the right words, but some more often than they occur."
        return "Yours has the right words, but not each as many times as it should."
    extra = list(dict.fromkeys(w for w in got if w not in right))
    missing = list(dict.fromkeys(w for w in expected if w not in mine))
    if not reveal:
        parts = [f"{len(extra)} word{'s' * (len(extra) != 1)} the right answer does not have"] if extra else []
        parts += [f"lacks {len(missing)} it has"] if missing else []
        return "Yours has " + ", and ".join(parts) + "." if extra else f"Yours {parts[0]}."
    parts = [f"has {_quoted(extra)}, which the right answer does not"] if extra else []
    parts += [f"lacks {_quoted(missing)}"] if missing else []
    return "Yours " + ", and ".join(parts) + "."
