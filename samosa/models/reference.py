"""The Swedish field reference of docs/org-format.md, generated from the org model.

Every field's Swedish description, the values it takes (a closed list with
the Swedish word for each code, :mod:`samosa.models.words`) and what leaving it
out means — *framgår inte* with the model's own not-stated words, or the
convention the format fixes — come from ``samosa/models/org.py``, so the
reference a municipality reads is the model itself. A test keeps the block in
docs/org-format.md equal to what this module generates.

    python -m samosa.models.reference            # rewrite the block in docs/org-format.md
    python -m samosa.models.reference --check    # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import types
import typing
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from samosa.models.org import DEFAULT_MEANS_KEY, NOT_STATED_KEY, OrgFile
from samosa.models.words import FIELD_VOCABULARIES

BEGIN = (
    "<!-- fältreferens: genereras av `python -m samosa.models.reference`; ändra i samosa/models/org.py, inte här -->"
)
END = "<!-- slut på fältreferensen -->"
#: Run from the repository root (docs/ is not part of the installed package).
DEFAULT_DOC = Path("docs") / "org-format.md"


def _args(tp: Any) -> tuple:
    return typing.get_args(tp)


def _unwrap(tp: Any) -> tuple[Any, list[Any]]:
    """The type under ``Optional`` and ``Annotated``, and the constraints found on the way."""
    metas: list[Any] = []
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            metas += list(_args(tp)[1:])
            tp = _args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            rest = [a for a in _args(tp) if a is not type(None)]
            if len(rest) != 1:
                return tp, metas
            tp = rest[0]
        else:
            return tp, metas


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x).replace(".", ",")


def _kind(info: FieldInfo, path: str) -> str:
    """What kind of value the field takes, in Swedish."""
    tp, metas = _unwrap(info.annotation)
    metas += list(info.metadata)
    if typing.get_origin(tp) is list:
        inner, _ = _unwrap(_args(tp)[0])
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return "lista med poster (se nedan)"
        if path in FIELD_VOCABULARIES:
            return "lista med värden ur listan"
        return "lista med text"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return "avsnitt (se nedan)"
    if path in FIELD_VOCABULARIES:
        return "ett värde ur listan"
    lo = next((m.ge for m in metas if getattr(m, "ge", None) is not None), None)
    hi = next((m.le for m in metas if getattr(m, "le", None) is not None), None)
    if tp is bool:
        return "`true` eller `false`"
    if tp is dt.date:
        return "datum ÅÅÅÅ-MM-DD"
    if tp is int:
        if lo is not None and hi is not None:
            return f"heltal {_num(lo)}–{_num(hi)}"
        return "heltal, 0 eller mer" if lo == 0 else "heltal"
    if tp is float:
        if lo is not None and hi is not None:
            return f"tal {_num(lo)}–{_num(hi)} (skrivs med punkt: 11.2)"
        return "tal, 0 eller mer (skrivs med punkt: 11.2)" if lo == 0 else "tal (skrivs med punkt: 11.2)"
    if tp is str:
        pattern = next((m.pattern for m in metas if getattr(m, "pattern", None)), None)
        if pattern == r"^[A-Za-z0-9_.-]+$":
            return "id: bokstäver a–z, siffror och `_ . -`"
        if pattern:
            return f"text på formen `{pattern.strip('^$')}`"
        return "text"
    return "värde"


def _left_out(info: FieldInfo) -> str:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    if info.is_required():
        return "**krävs**"
    if NOT_STATED_KEY in extra:
        return f"framgår inte: {extra[NOT_STATED_KEY]}"
    if DEFAULT_MEANS_KEY in extra:
        return f"betyder: {extra[DEFAULT_MEANS_KEY]}"
    return "har ett fast standardvärde"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _models_in(tp: Any) -> list[type[BaseModel]]:
    tp, _ = _unwrap(tp)
    if typing.get_origin(tp) is list:
        return _models_in(_args(tp)[0])
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return []


def _vocabulary(path: str) -> str:
    vocab = FIELD_VOCABULARIES.get(path)
    if not vocab:
        return ""
    return "; ".join(f"`{code}` {word}" for code, word in vocab.items())


def _is_list(tp: Any) -> bool:
    return typing.get_origin(_unwrap(tp)[0]) is list


def _section(model: type[BaseModel], prefix: str, heading: str, out: list[str], level: int) -> None:
    """One table per (nested) model; ``prefix`` is the dotted path without ``[]``, ``heading`` with."""
    rows = []
    nested: list[tuple[str, type[BaseModel], str]] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        path = prefix + key
        description = info.description or ""
        values = _vocabulary(path)
        if values:
            description = (description + " Värden: " if description else "Värden: ") + values + "."
        rows.append(f"| `{key}` | {_cell(description) or '–'} | {_kind(info, path)} | {_cell(_left_out(info))} |")
        for sub in _models_in(info.annotation):
            nested.append((heading + "." + key + ("[]" if _is_list(info.annotation) else ""), sub, path))
    out.append(f"{'#' * level} `{heading}`")
    out.append("")
    out.append("| fält | vad det är | värde | om fältet utelämnas |")
    out.append("|---|---|---|---|")
    out.extend(rows)
    out.append("")
    for shown, sub, path in nested:
        _section(sub, path + ".", shown, out, level + 1 if level < 4 else level)


def field_reference() -> str:
    """The generated block (between :data:`BEGIN` and :data:`END`), in Markdown."""
    out = [BEGIN, ""]
    top = OrgFile.model_fields
    out.append("| avsnitt | vad det är | om avsnittet utelämnas |")
    out.append("|---|---|---|")
    for name, info in top.items():
        out.append(
            f"| [`{name}`](#{name.replace('_', '-')}) | {_cell(info.description or '–')} | {_cell(_left_out(info))} |"
        )
    out.append("")
    for name, info in top.items():
        models = _models_in(info.annotation)
        if not models:
            continue
        is_list = _is_list(info.annotation)
        anchor = name.replace("_", "-")
        out.append(f'<a id="{anchor}"></a>')
        out.append("")
        _section(models[0], name + ".", name + ("[]" if is_list else ""), out, 3)
    out.append(END)
    return "\n".join(out) + "\n"


def updated(doc: str) -> str:
    """``doc`` with its generated block replaced (appended if it has none)."""
    block = field_reference()
    if BEGIN in doc and END in doc:
        head, rest = doc.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        return head + block.rstrip("\n") + tail
    return doc.rstrip("\n") + "\n\n" + block


def main(argv: Optional[list[str]] = None) -> int:  # pragma: no cover - exercised through the test
    ap = argparse.ArgumentParser(description="Regenerate the field reference in docs/org-format.md.")
    ap.add_argument("--doc", type=Path, default=DEFAULT_DOC)
    ap.add_argument("--check", action="store_true", help="exit 1 if the committed reference is stale")
    args = ap.parse_args(argv)
    text = args.doc.read_text(encoding="utf-8")
    new = updated(text)
    if args.check:
        return 0 if new == text else 1
    if new != text:
        args.doc.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


__all__ = ["BEGIN", "END", "field_reference", "updated"]
