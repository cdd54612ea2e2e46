"""The footer: every key the focused part of the screen answers to, on as many lines as it takes.

Textual's Footer keeps to one line and scrolls the rest out of sight; at 80 columns that hid quit
and help. This bar lists the same bindings (the focused widget's, its screen's, the app's, with
`check_action` deciding what shows) and wraps between keys, never inside one. A click on a key
presses it. `advertised()` is what a test presses to check each key does what it says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


@dataclass(frozen=True)
class Advertised:
    key: str  # the key pressed (the first of a binding's keys)
    shown: str  # how the bar writes it
    description: str
    action: str
    enabled: bool = True  # False: shown dim, does nothing now (a run while the YAML is broken)


class KeyBar(Widget, can_focus=False):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        padding: 0 1;
        background: $footer-background;
        color: $footer-description-foreground;
        link-style: none;
        link-style-hover: reverse;
        .key-bar--key {
            color: $footer-key-foreground;
            text-style: bold;
        }
    }
    """

    def advertised(self) -> list[Advertised]:
        """The keys on the bar now, in their order, one per action; the palette last."""
        seen: dict[str, Advertised] = {}
        palette: Advertised | None = None
        for key, active in self.screen.active_bindings.items():
            binding: Binding = active.binding
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = Advertised(key, self.app.get_key_display(binding), "palette", binding.action)
                continue
            if not binding.show or binding.action in seen:
                continue
            seen[binding.action] = Advertised(key, self.app.get_key_display(binding),
                                              binding.description, binding.action, active.enabled)
        return [*seen.values(), *([palette] if palette else [])]

    def lines(self, width: int) -> list[Text]:
        """The keys packed into lines of at most `width` cells, a key and its word never apart."""
        out: list[Text] = []
        line = Text()
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        for item in self.advertised():
            piece = Text.assemble((item.shown, key_style), " ", item.description)
            if not item.enabled:
                piece.stylize("dim")
            piece.stylize(Style(meta={"@click": f"app.simulate_key({item.key!r})"}))
            if line.cell_len and line.cell_len + 1 + piece.cell_len > width:
                out.append(line)
                line = Text()
            if line.cell_len:
                line.append(" ")
            line.append_text(piece)
        out.append(line)
        return out

    def render(self) -> Text:
        return Text("\n").join(self.lines(max(20, self.size.width)))

    def _fit(self) -> None:
        height = len(self.lines(max(20, self.size.width))) if self.size.width else 1
        if self.styles.height is None or self.styles.height.value != height:
            self.styles.height = height
        self.refresh()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self._fit()

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._fit)
