"""Move data between the three shapes a resource has, driven by its argspec alone.

- parser records (TextFSM, UPPERCASE flat value names) -> config dicts (argspec shape);
- sparse config dicts -> complete ones (every option present, ``None`` when unset), which the
  StrictUndefined templates need;
- merging a sparse ``want`` over a ``have`` (the ``merged`` state).

The naming convention ties a parser value to an option: the option's path joined with ``_``
and upper-cased (``auto_enroll.percent`` <-> ``AUTO_ENROLL_PERCENT``). A list of dicts comes
from parallel TextFSM ``List`` values, one per suboption (``parameters`` items from
``PARAMETERS_NUMBER`` and ``PARAMETERS_VALUE``). So adding an attribute needs no code here.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

Options = Mapping[str, Mapping[str, Any]]


def value_name(path: tuple[str, ...]) -> str:
    """The parser value name that carries the option at ``path``."""
    return "_".join(path).upper()


def record_to_config(record: Mapping[str, Any], options: Options) -> dict[str, Any]:
    """One parser record -> one sparse config dict (unset options are left out)."""
    return _from_record(record, options, ())


def _from_record(record: Mapping[str, Any], options: Options, prefix: tuple[str, ...]) -> dict:
    result: dict[str, Any] = {}
    for key, spec in options.items():
        path = (*prefix, key)
        if spec.get("type") == "dict" and spec.get("options"):
            nested = _from_record(record, spec["options"], path)
            if nested:
                result[key] = nested
            continue
        if spec.get("type") == "list" and spec.get("elements") == "dict":
            items = _items_from_parallel_lists(record, spec["options"], path)
            if items:
                result[key] = items
            continue
        value = _convert(record.get(value_name(path)), spec)
        if value is not None:
            result[key] = value
    return result


def _items_from_parallel_lists(
    record: Mapping[str, Any], options: Options, path: tuple[str, ...]
) -> list[dict[str, Any]]:
    columns = {sub: record.get(value_name((*path, sub))) or [] for sub in options}
    count = max((len(column) for column in columns.values()), default=0)
    return [
        {
            sub: _convert(column[i] if i < len(column) else None, options[sub])
            for sub, column in columns.items()
        }
        for i in range(count)
    ]


def _convert(raw: Any, spec: Mapping[str, Any]) -> Any:
    if raw is None or raw == "" or raw == []:
        return None
    kind = spec.get("type", "str")
    if kind == "list":
        items = raw if isinstance(raw, list) else str(raw).split()
        return [_convert(item, {"type": spec.get("elements", "str")}) for item in items]
    if kind == "int":
        return int(raw)
    if kind == "bool":
        # The keyword's presence means true; IOS spells an explicit "no" as `... none`.
        return not str(raw).strip().lower().endswith("none")
    return str(raw).strip()


def complete(config: Mapping[str, Any] | None, options: Options) -> dict[str, Any]:
    """Every option present: ``None`` for unset scalars, complete dicts for dict options."""
    config = config or {}
    result: dict[str, Any] = {}
    for key, spec in options.items():
        value = config.get(key)
        if spec.get("type") == "dict" and spec.get("options"):
            result[key] = complete(value, spec["options"])
        elif spec.get("type") == "list" and spec.get("elements") == "dict" and value:
            result[key] = [complete(item, spec["options"]) for item in value]
        else:
            result[key] = value
    return result


def prune(config: Any) -> Any:
    """Drop ``None`` values and empty dicts (the sparse form used in results)."""
    if isinstance(config, Mapping):
        pruned = {k: prune(v) for k, v in config.items() if v is not None}
        return {k: v for k, v in pruned.items() if v != {}}
    if isinstance(config, list):
        return [prune(item) for item in config]
    return config


def merge(have: Mapping[str, Any] | None, want: Mapping[str, Any]) -> dict[str, Any]:
    """``want`` over ``have``: set options win, unset (``None``) ones keep the device's value.

    Dicts merge option by option; lists are replaced whole (their order means something).
    """
    result = copy.deepcopy(dict(have or {}))
    for key, value in want.items():
        if value is None:
            continue
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result
