"""What the playground is and which keys do what."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Markdown

from playground.tui.dialogs.base import Dialog

HELP = """\
# playground

Compose a backend as a design, run a challenge's traffic and faults through it, and see why it
holds or breaks. The footer always lists the keys of the part of the screen that has focus.

## Everywhere
| key | does |
|---|---|
| `ctrl+p` | command palette: every action, every component kind, every challenge |
| `f1` / `?` | this help (`?` where no text is typed) |
| `ctrl+q` | quit (unsaved work is kept in a recovery file) |
| `escape` | close a dialog, go back |

## Home
| key | does |
|---|---|
| `enter` | start the highlighted challenge, clock running (its brief is shown beside the table) |
| `n` / `o` | new design / open a file or a pasted share line |

## Workbench
| key | does |
|---|---|
| arrows, `h j k l` | move between components in the diagram (a click works too) |
| `a` | add a component of any kind (called by the selected one) |
| `c` / `x` | connect the selected component to another / remove one of its calls |
| `r` | rename the selected component |
| `d`, `delete` | delete the selected component (ctrl+z in the YAML brings it back) |
| `e` | make the selected component the entry |
| `enter` | edit the selected component's fields in the inspector |
| `f2` | switch between the diagram, the YAML and the brief |
| `f3` | next hint (kept in the Brief tab) |
| `f4` | layout: a wider inspector, the diagram or YAML alone, the inspector alone |
| `f5` | share: the design as one line, copied to the clipboard |
| `f6` | submit the attempt (timed challenge) |
| `f8` | export the diagram as an SVG drawing |
| `ctrl+s` | save (atomically; only text that parses as YAML) |
| `ctrl+r` | run the challenge |
| `ctrl+o` | edit the YAML in your `$EDITOR` |
| `escape` | home (asks first when there are unsaved edits) |

In the YAML: `ctrl+f` finds, `ctrl+space` offers the keys the schema allows on the cursor's
line, `escape` goes back to the diagram.

Edit the YAML and the diagram follows; edit the diagram or the inspector and the YAML follows,
keeping your comments. While the YAML does not parse, the problems list under it says where;
choose a problem to jump to its line. Nothing you type is thrown away.

## Results
| key | does |
|---|---|
| `1`-`5` | score, charts, diagram by utilization, slowest requests, this design's runs |
| arrows, page keys | scroll the open tab |
| `f8` | export the results as JSON |
| `escape` | back to the workbench |
"""


class HelpDialog(Dialog[None]):
    def compose(self):
        with VerticalScroll(classes="dialog dialog-tall", id="help"):
            yield Markdown(HELP)
