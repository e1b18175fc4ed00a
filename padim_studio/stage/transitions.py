"""Transitions that fit inside a cue, so an act lasts exactly as long as its narration."""

from __future__ import annotations

from manim import AnimationGroup, FadeOut, Mobject, Succession


def fade_then(old: Mobject, *animations, fade_share: float = 0.25) -> Succession:
    """Fade ``old`` out, then play ``animations`` together, as one animation.

    The fade takes ``fade_share`` of the run time the animation is played
    with, so the old and the new mobjects are never on stage half-faded
    together and no time is added between cues.
    """
    if not 0 < fade_share < 1:
        raise ValueError(f"fade_share must be between 0 and 1, got {fade_share}")
    return Succession(FadeOut(old, run_time=fade_share), AnimationGroup(*animations, run_time=1 - fade_share))
