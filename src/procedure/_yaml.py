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


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in rule files",
                                              event.start_mark)
        return super().compose_node(parent, index)


def load_yaml(text: str, source: str) -> tuple[Any, dict[tuple, int]]:
    """Parse ``text``; return (data, {path tuple: line number}). Raises a list of Problems as ValueError."""
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise YamlProblem(Problem("file too large", source=source, found=f"{len(text)} characters",
                                  expected=f"at most {MAX_YAML_BYTES} bytes"))
    loader = _NoAliasLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"line {mark.line + 1}" if mark else None
        raise YamlProblem(Problem(f"invalid YAML: {exc.problem or exc}", source=source, location=line))
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(f"invalid YAML: {exc}", source=source))
    finally:
        loader.dispose()
    lines: dict[tuple, int] = {}
    _index(node, (), lines)
    return data, lines


def _index(node: yaml.Node, path: tuple, out: dict[tuple, int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = k.value
            out[path + (key,)] = k.start_mark.line + 1
            _index(v, path + (key,), out)
            out[path + (key,)] = k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _index(v, path + (i,), out)


def line_of(lines: dict[tuple, int], path: tuple) -> int | None:
    """The line of ``path`` or of its nearest ancestor."""
    p = tuple(path)
    while p:
        if p in lines:
            return lines[p]
        p = p[:-1]
    return lines.get(())


class YamlProblem(ValueError):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.render())
