"""A minimal Language Server Protocol client for the Red Hat YAML language server.

It speaks just enough LSP over stdio to open files and collect the diagnostics the
server publishes for them, exactly as VS Code's YAML extension or Neovim would see them.
The server is npm's ``yaml-language-server``; :func:`find_server` looks for it on PATH,
then in the cache folder ``.ci/run`` installs it into (``$BLOC_GAME_NODE_CACHE``, default
``~/.cache/bloc-game-node``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty, Queue
from typing import Any, Optional


def node_cache() -> Path:
    return Path(os.environ.get("BLOC_GAME_NODE_CACHE", Path.home() / ".cache" / "bloc-game-node"))


def find_server() -> Optional[list[str]]:
    """The command that starts the server, or ``None`` when node or the server is missing."""
    node = shutil.which("node")
    if node is None:
        return None
    script = node_cache() / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
    if script.is_file():
        return [node, str(script), "--stdio"]
    found = shutil.which("yaml-language-server")
    return [found, "--stdio"] if found else None


@dataclass(frozen=True)
class Diagnostic:
    line: int  # from 1, as editors and Bloc Game's messages count
    column: int
    message: str


class LanguageServer:
    """One running server; ``diagnostics(path)`` opens a file and waits for its diagnostics."""

    def __init__(self, command: list[str]) -> None:
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0
        self.published: Queue[dict[str, Any]] = Queue()
        self.replies: Queue[dict[str, Any]] = Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {
            "workspace": {"configuration": True}, "textDocument": {"publishDiagnostics": {}}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings()})

    @staticmethod
    def settings() -> dict[str, Any]:
        # What the VS Code extension sends by default, with the schema store off (no network).
        return {"yaml": {"validate": True, "hover": True, "completion": True, "schemas": {},
                         "schemaStore": {"enable": False}, "format": {"enable": False}}}

    # ------------------------------------------------------------------ wire format

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                header = stream.readline()
                if not header:
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            message = json.loads(stream.read(length))
            if message.get("method") == "textDocument/publishDiagnostics":
                self.published.put(message["params"])
            elif "method" in message and "id" in message:  # the server asks us something
                items = message.get("params", {}).get("items", [])
                answer: Any = [self.settings()["yaml"] if i.get("section") == "yaml" else None for i in items]
                self._send({"id": message["id"], "result": answer if message["method"] == "workspace/configuration" else None})
            elif "id" in message:
                self.replies.put(message)

    def request(self, method: str, params: dict[str, Any], timeout: float = 60) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        reply = self.replies.get(timeout=timeout)
        return reply.get("result")

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    # ------------------------------------------------------------------ use

    def diagnostics(self, path: Path, timeout: float = 60) -> list[Diagnostic]:
        """Open ``path`` as an editor would and return what the server reports for it."""
        uri = path.resolve().as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}})
        deadline = time.monotonic() + timeout
        try:
            while True:  # the server publishes once per opened file, syntax and schema together
                params = self.published.get(timeout=max(0.1, deadline - time.monotonic()))
                if params["uri"] == uri:
                    return [Diagnostic(d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1, d["message"])
                            for d in params["diagnostics"]]
        except Empty:
            raise TimeoutError(f"the YAML language server published nothing for {path}") from None
        finally:
            self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def hover(self, path: Path, line: int, column: int) -> str:
        """The hover text at ``line``:``column`` (from 1) of ``path``, as an editor's tooltip shows it."""
        uri = path.resolve().as_uri()
        self.diagnostics_open(path)
        try:
            reply = self.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                        "position": {"line": line - 1, "character": column - 1}})
        finally:
            self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return str(((reply or {}).get("contents") or {}).get("value", ""))

    def diagnostics_open(self, path: Path) -> None:
        """Open ``path`` and wait until the server has checked it, leaving it open."""
        uri = path.resolve().as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}})
        while self.published.get(timeout=60)["uri"] != uri:
            pass

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        except (Empty, OSError, subprocess.TimeoutExpired):
            self.proc.kill()
