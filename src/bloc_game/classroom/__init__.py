"""The classroom: students' games gathered into a debrief, scenarios turned into handouts (DESIGN §4b).

No pygame here except through the optional chart renderer; the debrief and the handout
are plain HTML, Markdown and CSV, written with :func:`.page.esc` as the one escape.
"""
