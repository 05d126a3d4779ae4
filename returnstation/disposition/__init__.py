"""Grading templates (checklists) and the disposition rules engine, both loaded from validated YAML.

Modules: ``checklist`` (checks, answers, capture checks, grade derivation), ``capture`` (lot, expiry and
serial values, GS1 dates), ``facts`` (inspection + RMA line -> the facts rules judge, and their stored
form), ``rules`` (ordered rules, first match wins), ``conditions`` (what a rule may test),
``reachability`` (rules shadowed by earlier ones), ``replay`` (what-if under another rules file),
``reasons`` (return reason codes), ``override_reasons`` (why a supervisor may overrule the rules),
``errors`` (``ConfigError``), ``validate`` (the command-line check).
"""
