"""Supervisor reports: pure-Python figures (``summary``) and their renderings (PDF, CSV).

Nothing here imports reportlab at module level, so the core and the CLI start fast; the PDF
writer imports it when it runs. Definitions of every figure are in ``README.md`` next to this file.
"""
