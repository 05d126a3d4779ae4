"""One sound per feedback level, so the clerk knows the outcome without looking up from the parcel.

The tones are generated with the stdlib ``wave`` module at start (no audio files to ship or license) and
played with QtMultimedia. Sound is a convenience, never a dependency: when QtMultimedia, the audio
device or the cache folder is missing, the station falls back to the system beep and carries on.
"""

from __future__ import annotations

import array
import logging
import math
import tempfile
import wave
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, QUrl
from PySide6.QtWidgets import QApplication

from returnstation.services.results import Level

log = logging.getLogger(__name__)

SAMPLE_RATE = 22050
_FADE_MS = 6

# (frequency Hz, duration ms); 0 Hz is a pause. Rising = good, repeated = look, low and long = stop.
TONES: dict[Level, tuple[tuple[float, int], ...]] = {
    Level.SUCCESS: ((880.0, 90), (0.0, 25), (1320.0, 120)),
    Level.INFO: ((660.0, 110),),
    Level.WARNING: ((520.0, 140), (0.0, 70), (520.0, 140)),
    Level.ERROR: ((196.0, 420),),
}
_VERSION = "1"  # bump when TONES change, so stale files in the cache are rewritten


def write_tone_wav(path: Path, notes: Sequence[tuple[float, int]], volume: float = 0.6) -> Path:
    """A 16-bit mono WAV of the given notes, with short fades so the speaker does not click."""
    samples = array.array("h")
    fade = int(SAMPLE_RATE * _FADE_MS / 1000)
    amplitude = int(32767 * max(0.0, min(volume, 1.0)))
    for freq, ms in notes:
        n = int(SAMPLE_RATE * ms / 1000)
        for i in range(n):
            if freq <= 0:
                samples.append(0)
                continue
            envelope = min(1.0, i / fade if fade else 1.0, (n - 1 - i) / fade if fade else 1.0)
            samples.append(int(amplitude * envelope * math.sin(2 * math.pi * freq * i / SAMPLE_RATE)))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(samples.tobytes())
    tmp.replace(path)
    return path


def sound_cache_dir() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(location) / "sounds" if location else Path(tempfile.gettempdir()) / "returnstation-sounds"


def write_level_sounds(directory: Path) -> dict[Level, Path]:
    paths: dict[Level, Path] = {}
    for level, notes in TONES.items():
        path = directory / f"{level.value}-v{_VERSION}.wav"
        if not path.is_file():
            write_tone_wav(path, notes)
        paths[level] = path
    return paths


class SoundBoard(QObject):
    """``play(level)``; never raises. ``enabled=False`` keeps the bench silent (and tests quiet)."""

    def __init__(
        self, parent: QObject | None = None, enabled: bool = True, directory: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.last_played: Level | None = None
        self.fallbacks = 0  # how often the beep stood in for a sound: shown nowhere, handy in diagnostics
        self._effects: dict[Level, Any] = {}
        self.paths: dict[Level, Path] = {}
        if not enabled:
            return
        try:
            self.paths = write_level_sounds(directory or sound_cache_dir())
        except OSError as exc:
            log.warning("cannot write the sound files (%s): using the system beep", exc)
            return
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError as exc:  # e.g. libpulse missing on Linux
            log.warning("QtMultimedia unavailable (%s): using the system beep", exc)
            return
        for level, path in self.paths.items():
            try:
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(path)))
                effect.setVolume(0.8)
                self._effects[level] = effect
            except Exception as exc:  # any backend trouble must stay a missing sound, not a crash
                log.warning("sound effect for %s unavailable: %s", level, exc)

    def play(self, level: Level) -> None:
        if not self.enabled:
            return
        self.last_played = level
        try:
            effect = self._effects.get(level)
            if effect is not None and self._playable(effect):
                effect.play()
                return
        except Exception as exc:
            log.warning("cannot play the %s sound: %s", level, exc)
        self.fallbacks += 1
        QApplication.beep()

    @staticmethod
    def _playable(effect: Any) -> bool:
        from PySide6.QtMultimedia import QSoundEffect

        return effect.status() in (QSoundEffect.Status.Ready, QSoundEffect.Status.Loading)
