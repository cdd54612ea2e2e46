"""JSON Schema of both formats, generated from the models so it can never disagree with them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from playground.design.challenge import Challenge
from playground.design.model import Design

_MODELS: dict[str, type[BaseModel]] = {"design": Design, "challenge": Challenge}


def json_schema(name: str) -> dict[str, Any]:
    model = _MODELS[name]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"playground {name}"
    return schema
