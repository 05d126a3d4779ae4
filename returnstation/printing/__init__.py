"""Labels: templates kept as data (labels/*.yaml), rendered to PDF or ZPL II, and sent to a printer.

Layout is computed once in printer dots (layout.py) and both renderers draw the same result, so a PDF
preview and the thermal print agree. Heavy libraries (reportlab) are imported inside the functions that
use them, so importing this package stays cheap.
"""
