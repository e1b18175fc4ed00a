"""The transcript: the narration as Markdown, one heading per chapter and a start time per paragraph.

It is the text alternative to the video for accessibility and the
transcript a MOOC platform such as edX shows beside it. Paragraph times come
from the captions: every cue starts a new caption event, so counting
caption words finds the event where each cue begins.
"""

from __future__ import annotations

from typing import Sequence

from padim_studio.captions import CaptionEvent
from padim_studio.log import logger
from padim_studio.narration.script import Act, Cue
from padim_studio.publish.chapters import Chapter, format_timestamp


def cue_start_times(cues: Sequence[Cue], events: Sequence[CaptionEvent]) -> list[float] | None:
    """Return the start in seconds of each cue, from the caption event that contains its first word.

    Returns None when the caption words are not the cue words in order, or
    when a cue does not begin an event, so no time would be trustworthy.
    """
    event_starts: dict[int, float] = {}
    caption_words: list[str] = []
    for event in events:
        event_starts[len(caption_words)] = event.start_s
        caption_words.extend(event.text.split())
    cue_words = [word for cue in cues for word in cue.words]
    if caption_words != cue_words:
        return None

    starts = []
    words_before = 0
    for cue in cues:
        if words_before not in event_starts:
            return None
        starts.append(event_starts[words_before])
        words_before += cue.word_count
    return starts


def build_transcript(
    title: str, acts: Sequence[Act], chapters: Sequence[Chapter], events: Sequence[CaptionEvent], captions_name: str
) -> str:
    """Return the transcript of ``acts`` as Markdown, with ``chapters`` as headings in the same order.

    Paragraphs get ``[m:ss]`` start times when the captions match the
    narration word for word. Otherwise they have no times, and a warning is
    logged.
    """
    cues = [cue for act in acts for cue in act.cues]
    starts = cue_start_times(cues, events)
    if starts is None:
        logger.warning("captions do not match the narration word for word; the transcript has chapter times only")
    lines = [f"# {title}", "", f"Transcript of the narration. Word-timed captions: {captions_name}.", ""]
    cue_index = 0
    for act, chapter in zip(acts, chapters):
        lines += [f"## {chapter.timestamp} {chapter.title}", ""]
        for cue in act.cues:
            prefix = f"[{format_timestamp(starts[cue_index])}] " if starts is not None else ""
            lines += [prefix + cue.text, ""]
            cue_index += 1
    return "\n".join(lines)
