"""Whether this bench was ever set up: the one question start-up asks before any window.

Its own module so that ui/app.py can ask it without importing the setup dialog (which pulls in the
camera view, the setup checks and the station window): the answer is "no" on every start but the first.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from returnstation.settings_schema import CONFIG_ENV, SKIP_SETUP_ENV, environment_switch


def needs_first_run(env: Mapping[str, str] | None = None, config_path: Path | None = None) -> bool:
    """True on a bench that was never set up: no settings file, and neither RETURNSTATION_SKIP_SETUP
    (true) nor RETURNSTATION_CONFIG (tests, CI and kiosks that bring their own configuration) is set.
    ValueError when RETURNSTATION_SKIP_SETUP is not true/false (load_settings says the same)."""
    from returnstation.config import config_file_path

    env = os.environ if env is None else env
    if environment_switch(env, SKIP_SETUP_ENV) is True:
        return False
    if CONFIG_ENV in env:
        return False
    return not (config_path or config_file_path()).exists()
