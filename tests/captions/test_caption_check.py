"""Tests of checking caption files and of the check command's output and status."""

import pytest

from padim_studio.captions.check import CaptionFileError, check_caption_file, check_srt_file, main_check
from padim_studio.captions.events import CaptionEvent
from padim_studio.captions.formats import events_to_srt, events_to_webvtt

COMPLIANT = [
    CaptionEvent(1.0, 3.0, ("PaDiM fits one Gaussian per patch.",)),
    CaptionEvent(3.5, 7.0, ("The score is the Mahalanobis distance", "to that Gaussian, with μ and Σ.")),
]
TOO_FAST = [
    CaptionEvent(1.0, 3.0, ("PaDiM fits one Gaussian per patch.",)),
    CaptionEvent(62.5, 64.0, ("This caption has far too many characters", "for the short time it stays up.")),
]


@pytest.fixture
def write_file(tmp_path):
    def write(name, content):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


def test_compliant_srt_file(write_file):
    path = write_file("video.srt", events_to_srt(COMPLIANT))

    report = check_srt_file(path)

    assert report.compliant
    assert report.event_count == 2
    assert report.violations == ()


def test_srt_file_with_violation(write_file):
    path = write_file("video.srt", events_to_srt(TOO_FAST))

    report = check_srt_file(path)

    assert not report.compliant
    assert [str(violation) for violation in report.violations] == [
        "event 2 at 0:01:02.500: 47.3 characters per second exceeds 20"
    ]


def test_bom_reported(write_file):
    path = write_file("video.srt", b"\xef\xbb\xbf" + events_to_srt(COMPLIANT).encode("utf-8"))

    report = check_srt_file(path)

    assert report.event_count == 2
    assert [violation.rule for violation in report.violations] == ["bom"]


def test_webvtt_file_checked_by_suffix(write_file):
    path = write_file("video.vtt", events_to_webvtt(TOO_FAST))

    report = check_caption_file(path)

    assert report.event_count == 2
    assert [violation.rule for violation in report.violations] == ["max_reading_speed"]


def test_markup_in_file_reported(write_file):
    text = '1\n00:00:01,000 --> 00:00:03,000\nThe <bookmark mark="fit"/> Gaussian.\n\n'
    path = write_file("video.srt", text)

    rules = [violation.rule for violation in check_srt_file(path).violations]

    assert rules.count("markup") == 4


def test_missing_file_error_names_file(tmp_path):
    path = tmp_path / "absent.srt"

    with pytest.raises(CaptionFileError, match="absent.srt: file not found"):
        check_srt_file(path)


def test_unparsable_srt_error_names_file(write_file):
    path = write_file("broken.srt", "1\n00:00:01,000 -> nonsense\nText\n")

    with pytest.raises(CaptionFileError, match="cannot parse .*broken.srt as SRT"):
        check_srt_file(path)


def test_unparsable_webvtt_error_names_file(write_file):
    path = write_file("broken.vtt", events_to_srt(COMPLIANT))

    with pytest.raises(CaptionFileError, match="cannot parse .*broken.vtt as WebVTT"):
        check_caption_file(path)


def test_non_utf8_error_names_file(write_file):
    path = write_file("latin1.srt", b"1\n00:00:01,000 --> 00:00:03,000\ncaf\xe9\n\n")

    with pytest.raises(CaptionFileError, match="latin1.srt: not valid UTF-8"):
        check_srt_file(path)


def test_main_returns_zero_when_compliant(write_file, capsys):
    path = write_file("video.srt", events_to_srt(COMPLIANT))

    status = main_check([str(path)])

    assert status == 0
    assert capsys.readouterr().out == f"{path}: 2 events, 0 violations\n"


def test_main_prints_violations_and_summary(write_file, capsys):
    path = write_file("video.srt", events_to_srt(TOO_FAST))

    status = main_check([str(path)])

    output = capsys.readouterr().out.splitlines()
    assert status == 1
    assert output == [
        f"{path}: event 2 at 0:01:02.500: 47.3 characters per second exceeds 20",
        f"{path}: 2 events, 1 violations",
    ]


def test_main_missing_file_returns_one(write_file, tmp_path, capsys):
    good = write_file("video.srt", events_to_srt(COMPLIANT))
    missing = tmp_path / "missing.srt"

    status = main_check([str(missing), str(good)])

    captured = capsys.readouterr()
    assert status == 1
    assert f"error: cannot check {missing}: file not found" in captured.err
    assert f"{good}: 2 events, 0 violations" in captured.out


def test_main_frame_rate_option(write_file):
    events = [CaptionEvent(1.0, 2.0, ("One caption.",)), CaptionEvent(2.05, 3.0, ("Two captions.",))]
    path = write_file("video.srt", events_to_srt(events))

    assert main_check([str(path), "--frame-rate", "60"]) == 0
    assert main_check([str(path), "--frame-rate", "24"]) == 1


def test_main_rejects_invalid_frame_rate(write_file, capsys):
    path = write_file("video.srt", events_to_srt(COMPLIANT))

    with pytest.raises(SystemExit) as exit_info:
        main_check([str(path), "--frame-rate", "0"])

    assert exit_info.value.code == 2
    assert "invalid --frame-rate 0.0" in capsys.readouterr().err
