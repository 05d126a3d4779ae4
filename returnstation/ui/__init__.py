"""The station window (PySide6). Thin on purpose: widgets call the services and show their answers.

Nothing in here decides anything about a return; if a rule appears in a widget, it belongs in a service.
"""
