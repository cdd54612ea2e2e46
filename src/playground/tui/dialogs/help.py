"""What the playground is and which keys do what."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Markdown

from playground.tui.dialogs.base import Dialog

HELP = """\
# playground

Compose a backend as a design, run a challenge's traffic and faults through it, and see why it
holds or breaks.

## Everywhere
| key | does |
|---|---|
| `ctrl+p` | command palette: every action, every component kind, every challenge |
| `f1` / `?` | this help (`?` outside the editor) |
| `ctrl+q` | quit (unsaved work is kept in a recovery file) |
| `escape` | close a dialog, go back |

## Workbench
| key | does |
|---|---|
| arrows, `h j k l` | move between components in the diagram (a click works too) |
| `a` | add a component of any kind (called by the selected one) |
| `c` / `x` | connect the selected component to another / remove one of its calls |
| `r` / `d` | rename / delete the selected component |
| `e` | make the selected component the entry |
| `enter` | edit the selected component's fields in the inspector |
| `f2` | switch between the diagram and the YAML |
| `ctrl+s` | save (atomically; only text that parses as YAML) |
| `ctrl+r` | run the challenge |
| `f3` | next hint (timed challenge) |
| `f6` | submit the attempt (timed challenge) |
| `ctrl+e` | export the diagram as SVG |

Edit the YAML and the diagram follows; edit the diagram or the inspector and the YAML follows,
keeping your comments. While the YAML does not parse, the problems list under it says where;
choose a problem to jump to its line. Nothing you type is thrown away.

## Results
| key | does |
|---|---|
| `1`-`4` | score, charts, diagram by utilization, slowest requests |
| `ctrl+e` | export the results as JSON |
| `escape` | back to the workbench |
"""


class HelpDialog(Dialog[None]):
    def compose(self):
        with VerticalScroll(classes="dialog dialog-tall", id="help"):
            yield Markdown(HELP)
