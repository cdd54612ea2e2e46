"""The workbench's files: save (atomically, only text that parses, asking first when the file
changed on disk), the recovery copy written every few seconds while there are unsaved changes
(kept by the screen's `Keeper`, which survives a full disk), and the diagram exported as SVG."""

from __future__ import annotations

from pathlib import Path

from playground.design.files import safe_stem, write_atomic
from playground.design.problems import LoadError
from playground.design.share import encode_share
from playground.render.diagram import diagram_svg
from playground.render.vector import diagram_vector_svg
from playground.tui.dialogs.confirm import ConfirmDialog
from playground.tui.dialogs.prompt import PromptDialog
from playground.tui.dialogs.share import ShareDialog
from playground.tui.keeper import changed_on_disk
from playground.tui.screens.workbench.base import WorkbenchBase

AUTOSAVE_S = 3.0


class DesignFiles(WorkbenchBase):
    def action_save(self) -> None:
        if self.buffer.path is None:
            self.app.push_screen(
                PromptDialog("Save the design as", f"{self.buffer.name}.yaml", check_save_path,
                             help="A path relative to the directory the playground was started in."),
                lambda answer: self._save(Path(answer)) if answer else None,
            )
        else:
            self._save(None)

    def _save(self, path: Path | None, overwrite: bool = False) -> None:
        target = path or self.buffer.path
        question = None if overwrite or target is None else changed_on_disk(self.buffer, target)
        if question is not None:
            self.app.push_screen(ConfirmDialog(question, yes="Overwrite", no="Cancel"),
                                 lambda yes: self._save(path, overwrite=True) if yes else None)
            return
        try:
            saved = self.buffer.save(path)
        except LoadError as e:
            self.notify(f"Not saved: the YAML does not parse ({len(e.problems)} problem(s) listed). "
                        "Your text is kept in the recovery file.", severity="error")
            self.autosave()
            return
        except OSError as e:
            self.notify(f"Not saved: {e}", severity="error")
            return
        self.keeper.saved(saved)
        self._autosaved = self.buffer.text
        self.playground.remember(saved)
        errors = len(self.buffer.checked.errors)
        note = f" with {errors} problem(s) still to fix" if errors else ""
        self.notify(f"Saved {saved}{note}.", severity="warning" if errors else "information")
        self._title()

    def autosave(self) -> None:
        if (self.buffer.dirty and self.buffer.text != self._autosaved
                and self.keeper.autosave(self.buffer.text, self.buffer.name, self.notify)):
            self._autosaved = self.buffer.text

    def on_unmount(self) -> None:
        self.autosave()
        self.keeper.close()

    def action_share(self) -> None:
        self.app.push_screen(ShareDialog(encode_share(self.buffer.text)))

    def action_export_svg(self, terminal: bool = False) -> None:
        """The diagram as a vector drawing (NAME.svg), or as the terminal shows it (NAME-terminal.svg),
        next to the design file."""
        if self.buffer.model is None:
            self.notify("Nothing to draw while the YAML does not load.", severity="warning")
            return
        stem = self.buffer.path.stem if self.buffer.path else safe_stem(self.buffer.name)
        name = f"{stem}{'-terminal' if terminal else ''}.svg"
        target = (self.buffer.path.parent if self.buffer.path else Path.cwd()) / name
        drawing = diagram_svg(self.buffer.model) if terminal else diagram_vector_svg(self.buffer.model)
        try:
            write_atomic(target, drawing)
        except OSError as e:
            self.notify(f"Not exported: {e}", severity="error")
            return
        self.notify(f"Diagram written to {target}.")


def check_save_path(answer: str) -> str | None:
    path = Path(answer).expanduser()
    if path.suffix not in (".yaml", ".yml"):
        return "end the name with .yaml"
    if not path.parent.exists():
        return f"no directory {path.parent}"
    return None
