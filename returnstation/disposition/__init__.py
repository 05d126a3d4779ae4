"""Grading templates (checklists) and the disposition rules engine, both loaded from validated YAML.

Modules: ``checklist`` (checks, answers, grade derivation), ``rules`` (ordered rules, first match wins),
``conditions`` (what a rule may test), ``reasons`` (return reason codes), ``errors`` (``ConfigError``).
"""
