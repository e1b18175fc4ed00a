"""Frame layout: the title zone, the stage and the safe area."""

from __future__ import annotations

from manim import UP, Mobject, config

SAFE_MARGIN = 0.05  # fraction of the frame kept clear on each side
TITLE_ZONE_TOP = 0.35  # distance of the title's top edge from the frame's top edge
TITLE_ZONE_HEIGHT = 0.9


def safe_half_width() -> float:
    return config.frame_width / 2 * (1 - 2 * SAFE_MARGIN)


def safe_half_height() -> float:
    return config.frame_height / 2 * (1 - 2 * SAFE_MARGIN)


def title_y() -> float:
    """Return the vertical centre of the title zone."""
    return config.frame_height / 2 - TITLE_ZONE_TOP - TITLE_ZONE_HEIGHT / 2


def stage_top_y() -> float:
    """Return the top of the stage, just below the title zone."""
    return config.frame_height / 2 - TITLE_ZONE_TOP - TITLE_ZONE_HEIGHT - 0.15


def fit_within(mobject: Mobject, max_width: float, max_height: float | None = None) -> Mobject:
    """Scale ``mobject`` down (never up) so it fits the given box."""
    factors = [1.0]
    if mobject.width > max_width:
        factors.append(max_width / mobject.width)
    if max_height is not None and mobject.height > max_height:
        factors.append(max_height / mobject.height)
    mobject.scale(min(factors))
    return mobject


def place_title(mobject: Mobject) -> Mobject:
    """Fit ``mobject`` into the title zone and centre it there."""
    fit_within(mobject, 2 * safe_half_width(), TITLE_ZONE_HEIGHT)
    mobject.move_to(UP * title_y())
    return mobject
