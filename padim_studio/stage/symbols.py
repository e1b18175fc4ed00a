"""Symbol legends: each row a MathTex symbol and a plain-text meaning, shown before the formula that uses them."""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, MathTex, Text, VGroup

from padim_studio.stage import palette


def symbol_legend(
    entries: list[tuple[str, str]], font_size: float = 26, symbol_color=palette.SECONDARY, column_gap: float = 0.4
) -> VGroup:
    """Build rows of (symbol, meaning): symbols right-aligned in one column, meanings left-aligned in the next.

    ``entries`` are (TeX of the symbol, meaning) pairs. Row k of the result
    is VGroup(symbol, meaning), so rows can be shown one at a time.
    """
    if not entries:
        raise ValueError("a symbol legend needs at least one (symbol, meaning) entry")
    rows = VGroup()
    for tex, meaning in entries:
        symbol = MathTex(tex, font_size=font_size * 1.3, color=symbol_color)
        rows.add(VGroup(symbol, Text(meaning, font_size=font_size)))
    rows.arrange(DOWN, buff=0.3)
    symbol_right = max(row[0].width for row in rows)
    for row in rows:
        symbol, meaning = row
        symbol.move_to([symbol_right, row.get_y(), 0], aligned_edge=RIGHT)
        meaning.move_to([symbol_right + column_gap, row.get_y(), 0], aligned_edge=LEFT)
    return rows.move_to([0, rows.get_y(), 0])
