"""Law kept apart from guidance: a sentence that states the law cites the law.

A record says what it rests on with two kinds of citation: ``law: [keys]`` names law records
(``law/<key>.yml``), and ``cite`` or ``sources`` name documents (``bibliography/``), which are
guidance, policy or evidence, never law. A sentence that says *must*, *duty*, *required*,
*has a right* or *the law* states the law, so the part of the record it sits in must cite a law
record. Where it cites only a document, the sentence says *should*, or names the guidance it
reports ("NHS England's guidance says ...").

Which citations a sentence sits under is read from the record's shape, whatever its kind:
a model whose ``law`` list names a law cites the law; one with no law but its own ``cite`` (an
example, a background point) cites only that document; any other model (a dated note, a part
of a page, a point with no citation of its own) is covered by the record around it.

Each check is one pass over each sentence with patterns that never backtrack, so it takes
time in proportion to the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from .models import FOLDS_TO_ASCII, Citation
from .records import saying_fields

# Words that state the law. 'must not', 'duties', 'a legal right' and the like are included.
LEGAL_WORDS = re.compile(
    r"\b(?:must|duty|duties|required|requires|requirements?|ha(?:s|ve) (?:a |the )?(?:legal )?rights?"
    r"|legal rights?|the law|legally|lawful|unlawful)\b",
    re.IGNORECASE,
)
# Words that name the guidance or the local policy a sentence reports, rather than the law.
NAMES_GUIDANCE = re.compile(
    r"\b(?:guidance|guides?|briefing|handbook|toolkit|polic(?:y|ies)|framework|code of practice"
    r"|recommends?|recommended|recommendations?|advises?|advice)\b",
    re.IGNORECASE,
)
# Sentences end at . ! ? ; or : followed by a space, or at a line break.
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")
# Fields that do not state anything as fact: the myth itself (the claim being answered), the
# words people search for, and the words that mark a page as relying on a change.
NOT_CLAIMS = {"myth", "keywords", "terms"}


def states_law(sentence: str) -> str | None:
    """The word by which a sentence states the law, unless it is a question or names the
    guidance it reports."""
    if sentence.rstrip(" *_)").endswith("?"):
        return None
    word = LEGAL_WORDS.search(sentence)
    if word is None or NAMES_GUIDANCE.search(sentence):
        return None
    return word.group(0)


def _units(node, loc: tuple, cites_law: bool) -> Iterator[tuple[tuple, str, bool]]:
    """Each saying string under a model, with whether the citations around it include law."""
    if isinstance(node, Citation):
        return
    if isinstance(node, BaseModel):
        if getattr(node, "law", None):
            cites_law = True
        elif getattr(node, "cite", None) is not None:
            cites_law = False
        for name in saying_fields(type(node)):
            if name not in NOT_CLAIMS:
                yield from _units(getattr(node, name), loc + (name,), cites_law)
    elif isinstance(node, (list, tuple)):
        for i, item in enumerate(node):
            yield from _units(item, loc + (i,), cites_law)
    elif isinstance(node, str):
        yield (loc, node, cites_law)


# Every word LEGAL_WORDS finds holds one of these, in lower case: a text without any (and
# without a character that folds to an ASCII letter) states no law, and is not split.
LEGAL_STEMS = ("must", "dut", "requir", "right", "law", "legal")


def _may_state_law(text: str) -> bool:
    lowered = text.lower()
    return any(stem in lowered for stem in LEGAL_STEMS) or FOLDS_TO_ASCII.search(text) is not None


def unsupported(record: BaseModel) -> list[tuple[tuple, str, str]]:
    """Every sentence in a record that states the law where only documents are cited:
    (where it is, the word, the sentence)."""
    found = []
    for loc, text, cites_law in _units(record, (), False):
        if cites_law or not _may_state_law(text):
            continue
        for sentence in SENTENCE_END.split(text):
            if (word := states_law(sentence)) is not None:
                found.append((loc, word, sentence.strip()))
                break  # once per field: the fix is the same for every sentence in it
    return found


def hint(word: str) -> str:
    return (f"says {word!r}, which states the law, but cites no law here: add the law it rests on "
            "(law: [key], a record in law/), or say 'should' and name the guidance it comes from "
            "(for example \"NHS England's guidance says ...\")")
