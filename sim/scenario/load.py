"""Reading scenario files: TOML, `extends`, dotted overrides, and every check.

A scenario is read whole before anything runs: a variant's `extends` chain is
merged (the variant wins, table by table), overrides are applied, and every
field is checked against the schema. Each error is a ScenarioError naming the
file that stated the value, the dotted field and what is allowed.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import ScenarioError
from .checks import check_consistency
from .schema import REQUIRED, SCHEMA, Each, Field, Values
from .settings import Settings, build


@dataclass(frozen=True)
class Scenario:
    """A checked scenario.

    Attributes
    ----------
    path : the file it was read from.
    name : its short name.
    settings : every field in model units (seconds, shares), defaults filled.
    raw : the merged TOML values as written (before conversion), for variants and sweeps.
    sources : dotted field -> the file (or "override") that stated it.
    """

    path: Path
    name: str
    settings: Settings
    raw: dict
    sources: dict

    def with_values(self, values: dict[str, Any]) -> "Scenario":
        """A copy with dotted fields replaced, e.g. {"schedules.office.compliance": 0.5}."""
        return _build(self.path, self.raw, dict(self.sources), values)

    def stated(self, field: str) -> Any:
        """A dotted field's value as the files state it (TOML units, before conversion),
        else the schema's default."""
        table: Any = self.raw
        for key in field.split("."):
            if not isinstance(table, dict) or key not in table:
                return _default(field)
            table = table[key]
        return table

    def title(self, language: str) -> str:
        """What a reader calls the scenario in `language` ("en" or "zh"): its stated
        title, else the English one, else its name."""
        titles = self.settings.title
        return {"en": titles.en, "zh": titles.zh or titles.en}[language] or self.name

    def source(self, field: str) -> Path | str:
        """The file that stated a dotted field (or a table holding it), else this file."""
        return _source(self.sources, field, self.path)

    @property
    def input_paths(self) -> tuple[Path, ...]:
        """Every file and folder the scenario reads: its `extends` chain and its network."""
        files = {value for value in self.sources.values() if isinstance(value, Path)}
        files.add(self.path)
        network = self.settings.network
        if network.source == "gmns" and network.gmns is not None:
            files.add(Path(network.gmns))
        return tuple(sorted(files))

    @contextmanager
    def located(self) -> Iterator[None]:
        """Name the file that stated the field of a ScenarioError raised while running."""
        try:
            yield
        except ScenarioError as error:
            if error.file is not None or error.field is None:
                raise
            raise ScenarioError(error.reason, file=self.source(error.field),
                                field=error.field) from None


def _toml_position(message: str, text: str) -> tuple[str, int]:
    """tomllib's message without its position, and the position as an editor line."""
    found = re.search(r" \(at line (\d+), column \d+\)$", message)
    if found:
        return message[:found.start()], int(found.group(1))
    return message.removesuffix(" (at end of document)"), max(1, len(text.splitlines()))


def read_toml(path: Path, field: str | None = None) -> dict:
    """A TOML file's values (UTF-8, a BOM allowed); ScenarioError naming the file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError("file not found", file=path, field=field) from None
    except OSError as error:
        raise ScenarioError(f"cannot be read: {error.strerror}", file=path,
                            field=field) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScenarioError("not UTF-8 text; save the scenario as UTF-8", file=path,
                            line=data[:error.start].count(b"\n") + 1) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        reason, line = _toml_position(str(error), text)
        raise ScenarioError(f"not valid TOML: {reason}", file=path, line=line) from None
    except RecursionError:
        lines = text.splitlines() or [""]
        deepest = max(range(len(lines)), key=lambda i: lines[i].count("[") + lines[i].count("{"))
        raise ScenarioError("not valid TOML: arrays or tables nested too deeply", file=path,
                            line=deepest + 1) from None


def _merge(base: dict, top: dict, sources: dict, file: Path, prefix: str = "") -> dict:
    merged = dict(base)
    for key, value in top.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value, sources, file, dotted + ".")
        else:
            merged[key] = copy.deepcopy(value)
            _mark(sources, dotted, value, file)
    return merged


def _mark(sources: dict, dotted: str, value: Any, file: Path | str) -> None:
    sources.pop(dotted, None)  # kept in the order stated: the last statement is last
    sources[dotted] = file
    if isinstance(value, dict):
        for key, inner in value.items():
            _mark(sources, f"{dotted}.{key}", inner, file)


def _read_chain(path: Path, sources: dict, seen: tuple[Path, ...] = ()) -> dict:
    """The file merged over the chain of files it extends."""
    path = path.resolve()
    if path in seen:
        raise ScenarioError("`extends` goes round in a circle", file=path, field="extends")
    data = read_toml(path)
    parent = data.pop("extends", None)
    base: dict = {}
    if parent is not None:
        if not isinstance(parent, str) or not parent.strip() or "\0" in parent:
            raise ScenarioError("must be the path of another scenario file", file=path,
                                field="extends")
        parent_path = path.parent / parent
        try:
            found = parent_path.is_file()
        except OSError as error:
            raise ScenarioError(f"cannot be read: {error.strerror}", file=path,
                                field="extends") from None
        if not found:
            raise ScenarioError(f"file not found: {parent_path}", file=path, field="extends")
        base = _read_chain(parent_path, sources, seen + (path,))
    return _merge(base, data, sources, path)


def _source(sources: dict, dotted: str, fallback: Path) -> Path | str:
    """The file that last stated the field or anything in it; else, going up, in the
    table holding it; else `fallback`."""
    while dotted:
        inside = dotted + "."
        stated = [file for key, file in sources.items()
                  if key == dotted or key.startswith(inside)]
        if stated:
            return stated[-1]
        dotted = dotted.rpartition(".")[0]
    return fallback


def _check_table(raw: Any, schema: dict, dotted: str, sources: dict, path: Path) -> dict:
    where = dotted.rstrip(".")
    if not isinstance(raw, dict):
        raise ScenarioError("must be a table", file=_source(sources, where, path), field=where)
    for key in raw:
        if key not in schema:
            allowed = ", ".join(schema)
            raise ScenarioError(f"unknown key; allowed here: {allowed}",
                                file=_source(sources, dotted + key, path), field=dotted + key)
    out = {}
    for key, spec in schema.items():
        field, value = dotted + key, raw.get(key)
        if isinstance(spec, Field):
            out[key] = _check_field(value, spec, field, key in raw, sources, path)
        elif isinstance(spec, Each):
            out[key] = _check_each(raw.get(key, {}), spec, field, sources, path)
        elif isinstance(spec, Values):
            out[key] = _check_values(value, spec, field, sources, path)
        else:
            out[key] = _check_table(raw.get(key, {}), spec, field + ".", sources, path)
    return out


def _check_field(value: Any, spec: Field, field: str, given: bool, sources: dict,
                 path: Path) -> Any:
    if not given:
        if spec.default is REQUIRED:
            raise ScenarioError(f"missing; needs {spec.kind.allowed}",
                                file=_source(sources, field, path), field=field)
        return None if spec.default is None else spec.kind.convert(spec.default)
    try:
        return spec.kind.convert(value)
    except ValueError as error:
        raise ScenarioError(str(error), file=_source(sources, field, path), field=field) from None


def _check_each(raw: Any, spec: Each, field: str, sources: dict, path: Path) -> dict:
    if not isinstance(raw, dict):
        raise ScenarioError("must be a table", file=_source(sources, field, path), field=field)
    if spec.names is None:  # any name: checked against the data that names it (demand/city.py)
        return {name: _check_table(raw[name], spec.fields, f"{field}.{name}.", sources, path)
                for name in raw}
    for key in raw:
        if key not in spec.names:
            raise ScenarioError(f"unknown key; allowed here: {', '.join(spec.names)}",
                                file=_source(sources, f"{field}.{key}", path),
                                field=f"{field}.{key}")
    return {name: _check_table(raw.get(name, {}), spec.fields, f"{field}.{name}.", sources, path)
            for name in spec.names}


def _check_values(raw: Any, spec: Values, field: str, sources: dict, path: Path) -> dict:
    file = _source(sources, field, path)
    if not isinstance(raw, dict) or not raw:
        raise ScenarioError(f"must be a table of {', '.join(spec.names)} = value",
                            file=file, field=field)
    out = {}
    for name in spec.names:
        key = f"{field}.{name}"
        if name in raw:
            try:
                out[name] = spec.kind.convert(raw[name])
            except ValueError as error:
                raise ScenarioError(str(error), file=_source(sources, key, path),
                                    field=key) from None
        else:
            out[name] = 0.0
    unknown = [key for key in raw if key not in spec.names]
    if unknown:
        raise ScenarioError(f"unknown key; allowed here: {', '.join(spec.names)}",
                            file=_source(sources, f"{field}.{unknown[0]}", path),
                            field=f"{field}.{unknown[0]}")
    if spec.sums_to_one and abs(sum(out.values()) - 1.0) > 1e-6:
        raise ScenarioError(f"shares sum to {sum(out.values()):.6g}; they must sum to 1",
                            file=file, field=field)
    return out


def _set_dotted(raw: dict, dotted: str, value: Any, path: Path) -> None:
    keys = dotted.split(".")
    table = raw
    for key in keys[:-1]:
        table = table.setdefault(key, {})
        if not isinstance(table, dict):
            raise ScenarioError("cannot set a field inside a value that is not a table",
                                file=path, field=dotted)
    table[keys[-1]] = value


def _resolved(settings: Settings, sources: dict, path: Path) -> Settings:
    """Folders named in a scenario, made absolute against the file that stated them
    (an override against the scenario's own folder)."""
    network = settings.network
    if network.gmns is None:
        return settings
    stated = _source(sources, "network.gmns", path)
    base = stated.parent if isinstance(stated, Path) else path.parent
    gmns = str((base / network.gmns).resolve())
    return replace(settings, network=replace(network, gmns=gmns))


def _build(path: Path, raw: dict, sources: dict, overrides: dict[str, Any] | None) -> Scenario:
    raw = copy.deepcopy(raw)
    for dotted, value in (overrides or {}).items():
        _set_dotted(raw, dotted, value, path)
        _mark(sources, dotted, value, "override")
    settings = build(Settings, _check_table(raw, SCHEMA, "", sources, path))
    check_consistency(settings, lambda field: _source(sources, field, path))
    settings = _resolved(settings, sources, path)
    name = settings.name or path.stem
    return Scenario(path=path, name=name, settings=settings, raw=raw, sources=sources)


def load_scenario(path: str | Path, overrides: dict[str, Any] | None = None) -> Scenario:
    """Read and check a scenario file (and the files it extends).

    Parameters
    ----------
    path : the TOML file.
    overrides : dotted field -> value, applied after the files, e.g.
        {"simulation.scale": 0.1}.

    Raises
    ------
    ScenarioError naming the file, the field and what is allowed.
    """
    path = Path(path)
    sources: dict = {}
    raw = _read_chain(path, sources)
    if overrides:
        _check_stated(raw, sources, overrides, path.resolve())
    return _build(path.resolve(), raw, sources, overrides)


def _default(dotted: str) -> Any:
    """The schema's default of a dotted field (a table's own name, such as a group or a
    facility type, is skipped)."""
    spec: Any = SCHEMA
    keys = iter(dotted.split("."))
    for key in keys:
        spec = spec[key]
        if isinstance(spec, Each):
            next(keys)
            spec = spec.fields
    return spec.default


def _is_stated(raw: dict, dotted: str) -> bool:
    table: Any = raw
    for key in dotted.split("."):
        if not isinstance(table, dict) or key not in table:
            return False
        table = table[key]
    return True


def _check_stated(raw: dict, sources: dict, overrides: dict[str, Any], path: Path) -> None:
    """Check every value the files state, also where an override replaces it (so that
    `scale = "0.5"` is an error with --scale too); overrides fill only what the files
    leave out."""
    stated, stated_sources = copy.deepcopy(raw), dict(sources)
    for dotted, value in overrides.items():
        if not _is_stated(raw, dotted):
            _set_dotted(stated, dotted, value, path)
            _mark(stated_sources, dotted, value, "override")
    _check_table(stated, SCHEMA, "", stated_sources, path)
