"""Text pieces: formula cards, bullet lists, number tables and the citation card."""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, MathTex, RoundedRectangle, Text, VGroup

from padim_studio.stage import palette
from padim_studio.stage.layout import fit_within, safe_half_width

CITATION = (
    "T. Defard, A. Setkov, A. Loesch, R. Audigier",
    "PaDiM: a Patch Distribution Modeling Framework",
    "for Anomaly Detection and Localization",
    "ICPR 2020 Workshops, LNCS 12664, Springer 2021",
    "arXiv:2011.08785",
)


def formula_card(tex: str, caption: str | None = None, color=palette.PRIMARY, font_size: float = 40) -> VGroup:
    """Frame a formula (MathTex) in a rounded rectangle, with an optional caption under it."""
    formula = MathTex(tex, font_size=font_size, color=palette.TEXT)
    parts = VGroup(formula)
    if caption:
        parts.add(Text(caption, font_size=22, color=palette.MUTED))
        parts.arrange(DOWN, buff=0.2)
    fit_within(parts, 2 * safe_half_width() - 0.6)
    frame = RoundedRectangle(corner_radius=0.15, width=parts.width + 0.5, height=parts.height + 0.4, color=color)
    return VGroup(frame.move_to(parts), parts)


def bullet_list(items: list[str], font_size: float = 30, color=palette.TEXT, bullet_color=palette.SECONDARY) -> VGroup:
    """Left-aligned lines, each with a bullet."""
    rows = VGroup()
    for item in items:
        bullet = Text("•", font_size=font_size, color=bullet_color)
        line = Text(item, font_size=font_size, color=color)
        rows.add(VGroup(bullet, line).arrange(RIGHT, buff=0.2))
    rows.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
    return rows


def number_table(rows: list[tuple[str, ...]], font_size: float = 26, header_color=palette.PRIMARY) -> VGroup:
    """Lay out a text table with left-aligned columns. The first row is the header."""
    cells = [[Text(value, font_size=font_size, color=header_color if index == 0 else palette.TEXT) for value in row] for index, row in enumerate(rows)]
    column_widths = [max(row[column].width for row in cells) for column in range(len(rows[0]))]
    table = VGroup()
    for row in cells:
        line = VGroup()
        x = 0.0
        for column, cell in enumerate(row):
            cell.move_to([x + cell.width / 2, 0, 0])
            line.add(cell)
            x += column_widths[column] + 0.6
        table.add(line)
    table.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
    return table


def citation_card() -> VGroup:
    """Build the PaDiM paper's citation (Defard et al., arXiv 2011.08785) for closing cards."""
    lines = VGroup(
        *(Text(line, font_size=26 if index else 24, color=palette.TEXT if index in (1, 2) else palette.MUTED) for index, line in enumerate(CITATION))
    )
    lines.arrange(DOWN, buff=0.15)
    return fit_within(lines, 2 * safe_half_width() - 0.5)
