"""`playground serve`: the app in a web browser (textual-serve), on this machine only by default.

Each browser tab gets its own `playground` process. The page is textual-serve's, with two changes
made as it is sent: the keyboard goes to the terminal as soon as it exists (no first click), and
the page asks no font server for a font (it works offline and tells no one who opened it).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import Any

from playground.cli.common import EXIT_INVALID, EXIT_OK, Output

FOCUS = b"""<script>
  // playground: give the terminal the keyboard as soon as it is drawn, so keys work at once.
  (function focusTerminal(tries) {
    const input = document.querySelector("#terminal textarea");
    if (input) { input.focus(); return; }
    if (tries > 0) setTimeout(() => focusTerminal(tries - 1), 50);
  })(200);
</script>
</body>"""
FONTS = b'<link\n      rel="stylesheet"\n      href="https://fonts.googleapis.com/css?family=Roboto%20Mono"\n    />'


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the app to a web browser",
                       description="Serve the playground app over HTTP so a browser can use it "
                       "(each tab runs its own app). Binds to localhost unless told otherwise.")
    p.add_argument("--host", default="localhost", help="address to listen on (default: localhost)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--design", metavar="DESIGN", help="open this design in every tab")
    p.set_defaults(handler=handle)


def page_fix(body: bytes) -> bytes:
    """The index page with the focus script added and the web-font link removed."""
    return body.replace(FONTS, b"").replace(b"</body>", FOCUS, 1)


def handle(args: argparse.Namespace, out: Output) -> int:
    try:
        from aiohttp import web
        from textual_serve.server import Server
    except ImportError:
        out.errors.print("[red]error:[/] serving needs textual-serve: pip install 'playground\\[web]'",
                         highlight=False)
        return EXIT_INVALID

    class PlaygroundServer(Server):
        async def _make_app(self) -> Any:
            app = await super()._make_app()

            @web.middleware
            async def fix_index(request: web.Request, handler: Any) -> web.StreamResponse:
                response = await handler(request)
                if request.path == "/" and isinstance(response, web.Response) and response.body:
                    response.body = page_fix(bytes(response.body))  # type: ignore[arg-type]
                return response

            app.middlewares.append(fix_index)
            return app

    command = [sys.executable, "-m", "playground", *(["open", args.design] if args.design else [])]
    server = PlaygroundServer(shlex.join(command), host=args.host, port=args.port, title="playground")
    out.console.print(f"Serving playground on http://{args.host}:{args.port} (ctrl+c stops)",
                      highlight=False)
    server.serve()
    return EXIT_OK
