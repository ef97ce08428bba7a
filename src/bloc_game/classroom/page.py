"""Printable HTML pages: the one escape for scenario and student text, and the shared page frame.

Everything a scenario or a student wrote is untrusted: it passes through :func:`esc`
(``html.escape``, quotes included) before it is put in a page, and nothing else
escapes. Pages are self-contained (styles inline, pictures as ``data:`` URIs, no
scripts, no network) and print on A4 and Letter: the print margins fit both, tables
and pictures never grow wider than the page, and long words break.
"""

from __future__ import annotations

import base64
import html
from typing import Iterable

from ..i18n import current_language

CSS = """
@page { margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.4 "DejaVu Serif", Georgia, serif; color: #1d1d1d; margin: 0 auto; max-width: 186mm;
       overflow-wrap: anywhere; }
h1 { font-size: 18pt; margin: 0 0 4pt; } h2 { font-size: 13.5pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; }
h3 { font-size: 11.5pt; margin: 10pt 0 3pt; }
p, li { margin: 3pt 0; } .muted { color: #555; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 4pt 0; table-layout: fixed; }
th, td { border: 1px solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; overflow-wrap: normal; font-size: 8pt; }
h2, h3 { break-after: avoid; } td.n, th.n { text-align: right; }
tr { break-inside: avoid; }
img { max-width: 100%; height: auto; display: block; margin: 4pt 0; break-inside: avoid; }
figure { margin: 6pt 0; break-inside: avoid; } figcaption { font-size: 9pt; color: #444; }
.question { border-left: 3pt solid #7a5c00; padding: 2pt 8pt; margin: 4pt 0; background: #fbf6e6; break-inside: avoid; }
.sheet { break-before: page; } .sheet:first-of-type { break-before: auto; }
.historical { font-weight: bold; }
.failure { color: #8a1c1c; }
"""


def esc(text: object, quote: bool = True) -> str:
    """The one escape for untrusted text (scenario prose, student names, file names) in HTML.

    ``quote=False`` leaves quotes alone, for text outside attributes such as Markdown.
    """
    return html.escape(str(text), quote=quote)


def paragraphs(text: str) -> str:
    """Prose as escaped paragraphs (blank lines separate paragraphs in scenario text)."""
    parts = [" ".join(p.split()) for p in str(text).strip().split("\n\n")]
    return "".join(f"<p>{esc(p)}</p>" for p in parts if p)


def image(png: bytes, alt: str) -> str:
    """A PNG embedded in the page, so the page needs no other file."""
    return f'<img src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}" alt="{esc(alt)}">'


def table(headers: Iterable[str], rows: Iterable[Iterable[object]], numeric: Iterable[int] = (),
          widths: Iterable[int] = ()) -> str:
    """An escaped table; columns listed in ``numeric`` are right-aligned; ``widths`` in percent, if given."""
    right = set(numeric)
    cols = "".join(f'<col style="width:{w}%">' for w in widths)
    head = "".join(f'<th{" class=n" if i in right else ""}>{esc(h)}</th>' for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f'<td{" class=n" if i in right else ""}>{esc(v)}</td>' for i, v in enumerate(row))
                   + "</tr>" for row in rows)
    return f"<table>{cols}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def document(title: str, body: str) -> str:
    """A whole self-contained page."""
    return (f'<!DOCTYPE html>\n<html lang="{current_language()}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{CSS}</style></head>\n<body>\n{body}\n</body></html>\n")
