"""The command palette: every action of the screen in front (add a kind, select a component,
start a challenge, open an example...), searchable. Each screen lists its own in
`palette_commands()`, so the palette never offers what the screen cannot do."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ScreenCommands(Provider):
    def _commands(self):
        getter = getattr(self.screen, "palette_commands", None)
        return getter() if getter else []

    async def discover(self) -> Hits:
        for name, help, callback in self._commands():
            yield DiscoveryHit(name, partial(callback), help=help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(callback), text=name, help=help)
