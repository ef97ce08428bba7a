"""What a plain YAML scalar means: YAML 1.2's core schema, and where YAML 1.1 reads it otherwise.

Split from :mod:`.yaml_source` (which calls it for every plain scalar it reads) because it is
one question with one answer per text, independent of where the text stands in the file.
"""

from __future__ import annotations

import re
from typing import Union

import yaml

PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
}
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()

Scalar = Union[str, int, float, bool, None, object]


def construct_tagged(tag: str, text: str) -> Scalar:
    """PyYAML's value of ``text`` under one of :data:`PLAIN_TAGS` (raises as PyYAML does on a bad one)."""
    # Called directly: construct_object would cache every node in a shared dict for good.
    value: Scalar = _constructor.yaml_constructors[tag](_constructor, yaml.ScalarNode(tag, text))
    return value


# YAML 1.2's core schema, which editors (the YAML language server) and most YAML libraries
# now use. PyYAML implements 1.1, which also reads yes/no/on/off as booleans, 1:30 as 90,
# 010 as 8 and 1954-03-31 as a date; a plain scalar the two read differently keeps its
# 1.2 value and notes the 1.1 reading, so the loader can ask for the unambiguous spelling.
_CORE_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_CORE_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_CORE_INT = re.compile(r"[-+]?[0-9]+")
_CORE_OCT = re.compile(r"0o[0-7]+")
_CORE_HEX = re.compile(r"0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_CORE_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_CORE_NAN = re.compile(r"\.(nan|NaN|NAN)")
#: YAML 1.1 booleans that 1.2 reads as text (PyYAML itself leaves y/n as text; other 1.1 readers do not).
_YAML11_BOOL = frozenset(w for word in ("yes", "no", "on", "off", "y", "n") for w in (word, word.title(), word.upper()))
_SPECIAL_WORDS = _CORE_NULL | set(_CORE_BOOL) | _YAML11_BOOL
_KIND_11 = {"tag:yaml.org,2002:bool": "true/false", "tag:yaml.org,2002:int": "a number",
            "tag:yaml.org,2002:float": "a number", "tag:yaml.org,2002:timestamp": "a date",
            "tag:yaml.org,2002:null": "empty"}


def resolve_plain(text: str) -> tuple[Scalar, str]:
    """A plain scalar's YAML 1.2 core value, and what YAML 1.1 reads it as if that differs ("" if not)."""
    if (text[:1].isalpha() or text[:1] == "_") and text not in _SPECIAL_WORDS:
        return text, ""  # a word or a sentence: text in both (only null and true/false words start with a letter)
    if text.isdigit() and text.isascii() and (text[0] != "0" or len(text) == 1):
        return int(text), ""  # plain decimal digits, no leading zero: the same number in both
    value = _core_value(text)
    if text in _YAML11_BOOL:
        return value, "true/false"
    tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    if tag == "tag:yaml.org,2002:str" or tag not in PLAIN_TAGS:  # YAML's merge '<<' and value '=' keys too
        return value, "" if isinstance(value, str) else "text"
    if tag == "tag:yaml.org,2002:timestamp":
        return value, "a date"
    try:
        value_11 = construct_tagged(tag, text)
    except (ValueError, OverflowError, yaml.YAMLError):  # pragma: no cover - the resolver's patterns construct
        return value, _KIND_11.get(tag, "")
    same = type(value_11) is type(value) and (value_11 == value or value_11 != value_11)  # NaN equals NaN here
    return value, "" if same else _KIND_11.get(tag, "")


def _core_value(text: str) -> Scalar:
    if text in _CORE_NULL:
        return None
    if text in _CORE_BOOL:
        return _CORE_BOOL[text]
    if _CORE_INT.fullmatch(text):
        return int(text)
    if _CORE_OCT.fullmatch(text):
        return int(text[2:], 8)
    if _CORE_HEX.fullmatch(text):
        return int(text[2:], 16)
    if _CORE_FLOAT.fullmatch(text):
        return float(text)
    if _CORE_INF.fullmatch(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _CORE_NAN.fullmatch(text):
        return float("nan")
    return text
