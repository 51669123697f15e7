"""Property-based tests (hypothesis): random text in every text field never crashes the generator
and never becomes HTML in the built page."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator.model import Corpus
from generator.validate import validate_text

from .test_generate import _tags

FIXTURES = Path(__file__).parent / "fixtures"
BASE = yaml.safe_load((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"))
TEXT_KEYS = {"title", "name", "purpose", "description", "hours", "label", "number", "number_label", "code",
             "address", "text"}


def _with(value: str):
    def poison(node):
        if isinstance(node, dict):
            return {k: (value if k in TEXT_KEYS and isinstance(v, str) else poison(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [value if isinstance(v, str) and " " not in v and not v.isascii() else poison(v) for v in node]
        return node

    return poison(BASE)


BASELINE = _tags(Corpus.model_validate(_with("ふつうの文")))

# Any text, including markup characters, control characters and surrogate-free Unicode.
PIECES = list("<>&\"'`*_[]()#!|{}:=-+.\\/ \n\tabcjs川崎市\u3000") + ["javascript:", "<script>", "onerror=", "<!--", "-->",
                                                                       "&#60;", "{: ", "<div markdown>", "](", "\n- ", "\n# "]
markupish = st.lists(st.sampled_from(PIECES), min_size=1, max_size=20).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(markupish, st.text(min_size=1, max_size=40)))
def test_random_text_never_becomes_markup(value: str):
    try:
        corpus = Corpus.model_validate(_with(value))
    except ValidationError:
        assume(False)  # rejected with a message (e.g. blank text): also a correct outcome
        return
    tags = _tags(corpus)
    assert sorted(tags) == sorted(BASELINE)
    for path, page_tags in tags.items():
        assert [(t, sorted(a)) for t, a in page_tags] == [(t, sorted(a)) for t, a in BASELINE[path]], (path, value)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_random_yaml_text_never_raises(text: str):
    result = validate_text(text)  # must return, never raise
    assert result.ok or result.problems
