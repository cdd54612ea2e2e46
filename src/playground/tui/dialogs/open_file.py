"""Open a design file: type a path, or pick a YAML file from the tree."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import on
from textual.containers import Vertical
from textual.widgets import DirectoryTree, Input, Label, Static

from playground.tui.dialogs.base import Dialog


class YamlTree(DirectoryTree):
    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".")
                and (p.is_dir() or p.suffix in (".yaml", ".yml"))]


class OpenDialog(Dialog[Path]):
    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start

    def compose(self):
        with Vertical(classes="dialog dialog-tall"):
            yield Label("Open a design", classes="dialog-title")
            yield Input(placeholder="path/to/design.yaml", id="open-path")
            yield YamlTree(self.start, id="open-tree")
            yield Static("", id="open-error", classes="field-error", markup=False)

    @on(DirectoryTree.FileSelected)
    def _file(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.dismiss(event.path)

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        path = Path(event.value.strip()).expanduser()
        if not path.is_file():
            error = self.query_one("#open-error", Static)
            error.update(f"no file at {path}")
            error.display = True
            return
        self.dismiss(path)
