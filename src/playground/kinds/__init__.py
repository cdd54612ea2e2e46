"""The component kinds a design is built from. Each kind is one module holding its model, its
engine node and every fact the rest of the program asks about it; this registry lists them, in
the order the kind picker, the docs and the schema show them. Adding a kind: write its module
and add one line to REGISTRY."""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING, Annotated, Union

from pydantic import Field

from playground.kinds import (
    cache,
    cdn,
    database,
    external,
    load_balancer,
    queue,
    rate_limiter,
    replica,
    service,
    session_store,
    shard,
)
from playground.kinds.base import ComponentBase

REGISTRY: tuple[type[ComponentBase], ...] = (
    load_balancer.LoadBalancer,
    service.Service,
    cache.Cache,
    database.Database,
    replica.Replica,
    shard.Shard,
    queue.Queue,
    rate_limiter.RateLimiter,
    external.External,
    session_store.SessionStore,
    cdn.Cdn,
)


def kind_name(model: type[ComponentBase]) -> str:
    """The `kind:` a model answers to, read from its Literal (the one place it is written)."""
    return str(typing.get_args(model.model_fields["kind"].annotation)[0])


KINDS: dict[str, type[ComponentBase]] = {kind_name(m): m for m in REGISTRY}

if TYPE_CHECKING:
    Component = ComponentBase
else:
    Component = Annotated[Union[REGISTRY], Field(discriminator="kind")]  # noqa: UP007
