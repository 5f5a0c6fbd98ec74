"""Safe YAML reading with line numbers and without aliases or custom tags.

* ``yaml.SafeLoader`` only: no Python objects, no code.
* Aliases (``*name``) are refused outright: rule files never need them, and refusing them closes the
  "billion laughs" expansion attack.
* Each mapping key and sequence item gets the line it starts on, so validation errors can say
  ``rules/ua/kas.yaml:42``.
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import Problem

MAX_YAML_BYTES = 2_000_000


# libyaml's parser when PyYAML was built with it (the wheels are), else the pure-Python one: the
# same safe constructor either way. The C parser makes loading the rule set about ten times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _AliasFound(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def load_yaml(text: str, source: str) -> tuple[Any, dict[tuple, int]]:
    """Parse ``text``; return (data, {path tuple: line number}). Raises a list of Problems as ValueError."""
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise YamlProblem(Problem("file too large", source=source, found=f"{len(text)} characters",
                                  expected=f"at most {MAX_YAML_BYTES} bytes"))
    loader = _Loader(text)
    lines: dict[tuple, int] = {}
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        # An alias makes the composer reuse a node; refuse any reuse before constructing anything,
        # which closes the exponential-expansion ("billion laughs") attack.
        try:
            _index(node, (), lines, set())
        except _AliasFound as exc:
            raise YamlProblem(Problem("aliases (*name) are not allowed in rule files", source=source,
                                      location=f"line {exc.line}"))
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"line {mark.line + 1}" if mark else None
        raise YamlProblem(Problem(f"invalid YAML: {exc.problem or exc}", source=source, location=line))
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(f"invalid YAML: {exc}", source=source))
    finally:
        loader.dispose()
    return data, lines


def _index(node: yaml.Node, path: tuple, out: dict[tuple, int], seen: set[int]) -> None:
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if id(node) in seen:
            raise _AliasFound(node.start_mark.line + 1)
        seen.add(id(node))
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = k.value
            _index(v, path + (key,), out, seen)
            out[path + (key,)] = k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _index(v, path + (i,), out, seen)


class YamlProblem(ValueError):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.render())
