"""Level sounds: real WAV files, and no crash whatever the audio situation."""

from __future__ import annotations

import wave
from pathlib import Path

from pytestqt.qtbot import QtBot

from returnstation.services.results import Level
from returnstation.ui.sounds import SAMPLE_RATE, TONES, SoundBoard, write_level_sounds


def test_each_level_gets_its_own_wav_of_the_planned_length(tmp_path: Path) -> None:
    paths = write_level_sounds(tmp_path)
    assert set(paths) == set(Level)
    contents = set()
    for level, path in paths.items():
        with wave.open(str(path), "rb") as w:
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, SAMPLE_RATE)
            planned_ms = sum(ms for _, ms in TONES[level])
            assert abs(w.getnframes() - SAMPLE_RATE * planned_ms / 1000) <= len(TONES[level])
            frames = w.readframes(w.getnframes())
        assert max(frames) > 0  # not silence
        contents.add(frames)
    assert len(contents) == len(Level)  # four distinguishable sounds


def test_sound_files_are_written_once_and_reused(tmp_path: Path) -> None:
    first = write_level_sounds(tmp_path)
    stamps = {p: p.stat().st_mtime_ns for p in first.values()}
    second = write_level_sounds(tmp_path)
    assert {p: p.stat().st_mtime_ns for p in second.values()} == stamps


def test_an_unwritable_sound_folder_falls_back_to_the_beep(qtbot: QtBot, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    board = SoundBoard(enabled=True, directory=blocker)
    for level in Level:
        board.play(level)
    assert board.fallbacks == len(Level)
    assert board.last_played is Level.ERROR


def test_a_silent_board_plays_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    board = SoundBoard(enabled=False, directory=tmp_path)
    board.play(Level.ERROR)
    assert board.last_played is None and board.fallbacks == 0
    assert not any(tmp_path.iterdir())
