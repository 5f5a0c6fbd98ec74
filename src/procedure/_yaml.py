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

from ._safe import MAX_YAML_BYTES, excerpt
from .errors import Problem



# libyaml's parser when PyYAML was built with it (the wheels are), else the pure-Python one: the
# same safe constructor either way. The C parser makes loading the rule set about ten times faster.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ValueFailed(Exception):
    """A scalar the safe constructor could not build (2025-02-30, a 5,000-digit integer ...), with its line."""

    def __init__(self, line: int, text: str, exc: BaseException) -> None:
        self.line, self.text, self.exc = line, text, exc


class _Loader(_Base):  # type: ignore[misc,valid-type]
    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (_ValueFailed, yaml.YAMLError):
            raise
        except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:
            raise _ValueFailed(node.start_mark.line + 1, str(node.value) if isinstance(node, yaml.ScalarNode) else "", exc)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


class _AliasFound(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _KeyNotPlain(_AliasFound):
    pass


def load_yaml(text: str, source: str, what: str = "rule files") -> tuple[Any, dict[tuple, int]]:
    """Parse ``text``; return (data, {path tuple: line number}). Raises :class:`YamlProblem` (one
    Problem, one line) for anything the file holds that is not plain data: invalid YAML, an alias, a
    tag, a complex key, or a value the safe constructor cannot build (an impossible date, a huge number)."""
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
        except _KeyNotPlain as exc:
            raise YamlProblem(Problem("a mapping key must be a plain value", source=source, location=f"line {exc.line}",
                                      found="a list or mapping as a key", expected="a name or a number"))
        except _AliasFound as exc:
            raise YamlProblem(Problem(f"aliases (*name) are not allowed in {what}", source=source,
                                      location=f"line {exc.line}"))
        data = loader.construct_document(node)
    except YamlProblem:
        raise
    except _ValueFailed as exc:
        raise YamlProblem(Problem(f"invalid value: {_one_line(exc.exc)[:80]}", source=source, location=f"line {exc.line}",
                                  found=excerpt(exc.text, 40) if exc.text else None))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"line {mark.line + 1}" if mark else None
        raise YamlProblem(Problem(f"invalid YAML: {_one_line(exc.problem or exc)[:120]}", source=source, location=line))
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(f"invalid YAML: {_one_line(exc)[:120]}", source=source))
    except RecursionError:
        raise YamlProblem(Problem("YAML nested too deeply", source=source))
    except (ValueError, TypeError, OverflowError, ArithmeticError) as exc:  # anything else the constructor cannot build
        raise YamlProblem(Problem(f"invalid value: {_one_line(exc)[:80]}", source=source))
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
            if not isinstance(k, yaml.ScalarNode):
                raise _KeyNotPlain(k.start_mark.line + 1)
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
