"""The publish step: a YouTube- and MOOC-ready upload kit from a render.

``padim-studio publish <video>`` renders the video if its render is missing or
stale, then writes ``dist/<video>/``: the delivery encode, SRT and WebVTT
captions, a description with chapters, a thumbnail, a transcript and
``report.json`` with every measurement. :func:`padim_studio.publish.kit.publish_kit`
does the same for any explicit render, such as a single act.
"""


class PublishError(RuntimeError):
    """A publish step that failed: a tool error, or an output that misses a delivery limit it must meet."""
