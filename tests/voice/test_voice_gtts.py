"""Google's voice through gTTS, with its HTTP layer stubbed: never reaches Google."""

import io
import time
from pathlib import Path

import pytest
import requests
from pydub import AudioSegment
from pydub.generators import Sine

from padim_studio.narration.script import parse_script_text
from padim_studio.voice.gtts_engine import GttsEngine, VoiceUnavailableError
from padim_studio.voice.service import Voice, engine_from_environment


def make_cue(text, cue_id="intro"):
    return parse_script_text(f"## a: A\n### {cue_id}\n{text}\n", Path("t.md")).cue(cue_id)


def mp3_bytes(seconds: float = 1.0) -> bytes:
    tone = Sine(220).to_audio_segment(duration=int(seconds * 1000)).apply_gain(-12)
    padded = AudioSegment.silent(200) + tone + AudioSegment.silent(200)
    buffer = io.BytesIO()
    padded.export(buffer, format="mp3")
    return buffer.getvalue()


def gtts_payload(audio: bytes) -> bytes:
    """The body gTTS expects: its batchexecute framing around base64 MP3."""
    import base64
    import json

    inner = json.dumps([base64.b64encode(audio).decode()])
    return f')]}}\'\n\n[["wrb.fr","jQ1olc",{json.dumps(inner)},null,null,null,"generic"]]'.encode()


class StubAdapter(requests.adapters.HTTPAdapter):
    """Return scripted outcomes for every request and record each request's URL and timeout."""

    def __init__(self, outcomes):
        super().__init__()
        self.outcomes = list(outcomes)
        self.requests = []

    def send(self, request, **kwargs):
        self.requests.append((request.url, kwargs.get("timeout")))
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, Exception):
            raise outcome
        status, body = outcome
        response = requests.Response()
        response.status_code = status
        response.raw = io.BytesIO(body)
        response.url = request.url
        response.request = request
        response.headers["Content-Type"] = "application/json"
        return response


@pytest.fixture
def stub_http(monkeypatch):
    def install(outcomes):
        adapter = StubAdapter(outcomes)
        monkeypatch.setattr(requests.Session, "get_adapter", lambda self, url: adapter)
        return adapter

    return install


def test_environment_selects_gtts_only_when_asked(monkeypatch):
    monkeypatch.delenv("PADIM_VOICE", raising=False)
    assert engine_from_environment().name == "piper"
    monkeypatch.setenv("PADIM_VOICE", "gtts")
    assert engine_from_environment().name == "gtts"
    monkeypatch.setenv("PADIM_VOICE", "festival")
    with pytest.raises(ValueError, match="choose one of: piper, gtts"):
        engine_from_environment()


def test_offline_failure_names_cue_and_offline_voice(stub_http, tmp_path):
    adapter = stub_http([requests.exceptions.ConnectionError("Failed to resolve host")])
    voice = Voice(engine=GttsEngine(backoff_s=0.01), cache_dir=tmp_path)
    started = time.monotonic()
    with pytest.raises(VoiceUnavailableError) as raised:
        voice.clip(make_cue("Hello there.", cue_id="intro"))
    assert time.monotonic() - started < 10
    message = str(raised.value)
    assert "'intro'" in message
    assert "PADIM_VOICE" in message
    assert adapter.requests, "the stub saw no request"
    assert list(tmp_path.iterdir()) == []


def test_every_request_has_a_timeout(stub_http, tmp_path):
    adapter = stub_http([requests.exceptions.ReadTimeout("read timed out")])
    with pytest.raises(VoiceUnavailableError):
        Voice(engine=GttsEngine(timeout_s=2.0, backoff_s=0.01), cache_dir=tmp_path).clip(make_cue("Hello."))
    assert all(timeout == 2.0 for _, timeout in adapter.requests)


def test_rate_limit_retried_with_backoff(stub_http, tmp_path):
    adapter = stub_http([(429, b"Too Many Requests"), (200, gtts_payload(mp3_bytes()))])
    voice = Voice(engine=GttsEngine(backoff_s=0.01), cache_dir=tmp_path)
    clip = voice.clip(make_cue("Hello there, PaDiM."))
    assert len(adapter.requests) == 2
    assert clip.timing == "estimated"
    assert 1.2 < clip.duration_s < 1.6
    assert clip.words[0].start_s == pytest.approx(0.2, abs=0.05)


def test_bounded_retries_then_error(stub_http, tmp_path):
    adapter = stub_http([(429, b"Too Many Requests")])
    with pytest.raises(VoiceUnavailableError):
        Voice(engine=GttsEngine(attempts=3, backoff_s=0.01), cache_dir=tmp_path).clip(make_cue("Hello."))
    assert len(adapter.requests) == 3
    assert not any(path.suffix == ".json" for path in tmp_path.iterdir())


def test_rerun_reuses_what_succeeded(stub_http, tmp_path):
    stub_http([(200, gtts_payload(mp3_bytes()))])
    voice = Voice(engine=GttsEngine(backoff_s=0.01), cache_dir=tmp_path)
    voice.clip(make_cue("First cue.", cue_id="one"))
    adapter = stub_http([requests.exceptions.ConnectionError("offline")])
    again = Voice(engine=GttsEngine(backoff_s=0.01), cache_dir=tmp_path)
    again.clip(make_cue("First cue.", cue_id="one"))
    assert adapter.requests == []
