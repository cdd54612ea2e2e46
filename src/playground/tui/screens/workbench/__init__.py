"""The workbench screen, in parts: the screen itself (layout, views in step, the palette), editing,
files, running. `WorkbenchScreen` is the one name the rest of the app needs."""

from playground.tui.screens.workbench.screen import WorkbenchScreen

__all__ = ["WorkbenchScreen"]
