"""Open a design: type a path or paste a line `playground share` printed, or pick a YAML file
from the tree."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import on
from textual.containers import Vertical
from textual.widgets import DirectoryTree, Input, Label, Static

from playground.design.share import PREFIX, ShareError, decode_share
from playground.tui.dialogs.base import Dialog


class YamlTree(DirectoryTree):
    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".")
                and (p.is_dir() or p.suffix in (".yaml", ".yml"))]


class OpenDialog(Dialog[Path | str]):
    """Answers a path, or a share line (a str) that decodes."""

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start

    def compose(self):
        with Vertical(classes="dialog dialog-tall"):
            yield Label("Open a design", classes="dialog-title")
            yield Input(placeholder="path/to/design.yaml, or a pg1:… share line", id="open-path")
            yield YamlTree(self.start, id="open-tree")
            yield Static("", id="open-error", classes="field-error", markup=False)

    @on(DirectoryTree.FileSelected)
    def _file(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.dismiss(event.path)

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        if typed.startswith(PREFIX):
            try:
                decode_share(typed)
            except ShareError as e:
                self._refuse(f"not a whole share line: {e}")
                return
            self.dismiss(typed)
            return
        path = Path(typed).expanduser()
        try:
            found = path.is_file()
        except OSError as e:  # a name too long to be a file, for one
            self._refuse(f"cannot open {typed[:40]}…: {e.strerror}")
            return
        if not found:
            self._refuse(f"no file at {path}")
            return
        self.dismiss(path)

    def _refuse(self, why: str) -> None:
        error = self.query_one("#open-error", Static)
        error.update(why)
        error.display = True
