"""The YAML editor's tools: find, completion from the design's schema, and the text opened in the
person's own $EDITOR (the app steps aside while it runs, then takes the saved text back)."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from textual.app import SuspendNotSupported
from textual.widgets import TabbedContent

from playground.design.files import safe_stem
from playground.tui.completion import keys_at
from playground.tui.dialogs.choose import ChooseDialog
from playground.tui.screens.workbench.base import WorkbenchBase
from playground.tui.widgets.find_bar import FindBar
from playground.tui.widgets.yaml_editor import YamlEditor


def editor_command() -> list[str] | None:
    """$VISUAL or $EDITOR, split as a shell would; None when neither is set."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            return shlex.split(value)
    return None


class YamlTools(WorkbenchBase):
    def _show_yaml(self) -> YamlEditor:
        self.query_one(TabbedContent).active = "tab-yaml"
        return self.query_one(YamlEditor)

    def action_find(self) -> None:
        self._show_yaml()
        self.query_one(FindBar).open()

    def action_complete(self) -> None:
        editor = self._show_yaml()
        row, col = editor.cursor_location
        keys = keys_at(editor.text, row, col)
        if not keys:
            self.notify("No more keys to add here.", severity="warning")
            return
        line = editor.document.get_line(row)

        def insert(key: str | None) -> None:
            if key is None:
                return
            if line.strip():  # a line with text: the key goes on a new line under it, same depth
                indent = " " * (len(line) - len(line.lstrip(" ")) + (2 if line.lstrip().startswith("- ") else 0))
                editor.move_cursor((row, len(line)))
                editor.insert(f"\n{indent}{key}: ")
            else:
                editor.insert(f"{key}: ")
            editor.focus()

        self.app.push_screen(ChooseDialog("Add a key here", [(k, k, d) for k, d in keys]), insert)

    def action_external_editor(self) -> None:
        command = editor_command()
        if command is None:
            self.notify("Set $EDITOR (or $VISUAL) to edit the YAML in your own editor.", severity="warning")
            return
        suffix = self.buffer.path.name if self.buffer.path else f"{safe_stem(self.buffer.name)}.yaml"
        with tempfile.TemporaryDirectory(prefix="playground-") as folder:
            scratch = Path(folder) / suffix
            scratch.write_text(self.buffer.text, encoding="utf-8")
            try:
                if self.app.is_headless:  # no screen to hand over (the tests): just run it
                    done = subprocess.run([*command, str(scratch)], check=False)
                else:
                    with self.app.suspend():
                        done = subprocess.run([*command, str(scratch)], check=False)
            except (SuspendNotSupported, OSError) as e:  # in a browser; an editor that is not there
                self.notify(f"Cannot open {command[0]} here: {e}", severity="error")
                return
            text = scratch.read_text(encoding="utf-8")
        if done.returncode != 0:
            self.notify(f"{command[0]} exited with {done.returncode}; the text is unchanged.", severity="warning")
            return
        if text != self.buffer.text:
            self._show_yaml().replace_text(text)  # the editor's Changed brings the views along
            self.notify("Took the text back from your editor (ctrl+z undoes it).")
