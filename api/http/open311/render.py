"""Answers in the format the URL names: JSON from the typed models, XML built with ElementTree.

The XML follows the spec's examples: no namespace, a root named for the resource, each list's
items named by its singular (<services><service>, <attributes><attribute>), an empty element for
a value we do not give. ElementTree escapes markup; characters XML 1.0 cannot carry at all
(control characters, lone surrogates) are replaced with U+FFFD first, in both formats.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from api.http.open311.formats import Format

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def answer(
    fmt: Format,
    root: str,
    body: BaseModel | Sequence[BaseModel],
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """`body` as JSON, or as the XML document `<root>…</root>`."""
    if isinstance(body, Sequence):
        data: Any = [item.model_dump(mode="json") for item in body]
    else:
        data = body.model_dump(mode="json")
    return render(fmt, root, data, status=status, headers=headers)


def render(fmt: Format, root: str, data: Any, *, status: int, headers: Mapping[str, str] | None = None) -> Response:
    if fmt is Format.XML:
        document = _DECLARATION + ET.tostring(_element(root, data), encoding="unicode")
        return Response(document.encode(), status_code=status, media_type=XML_TYPE, headers=headers)
    return JSONResponse(_clean_json(data), status_code=status, media_type=JSON_TYPE, headers=headers)


def _element(tag: str, value: Any) -> ET.Element:
    node = ET.Element(tag)
    if isinstance(value, dict):
        node.extend(_element(key, child) for key, child in value.items())
    elif isinstance(value, list):
        node.extend(_element(ITEM_TAGS[tag], child) for child in value)
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif value is not None:
        node.text = _NOT_XML.sub("\ufffd", str(value))
    return node


def _clean_json(value: Any) -> Any:
    """Lone surrogates cannot be encoded as UTF-8: replaced, so no echoed input breaks an answer."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {key: _clean_json(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_clean_json(child) for child in value]
    return value
