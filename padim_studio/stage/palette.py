"""The videos' colours: one meaning per colour, used by every scene."""

from manim import BLUE, GREEN, GREY_B, RED, WHITE, YELLOW, ManimColor

BACKGROUND = ManimColor("#0E1117")
PRIMARY = BLUE  # concepts and titles
SECONDARY = YELLOW  # highlights
ACCENT = RED  # warnings and anomalies
SUCCESS = GREEN  # good outcomes
NORMAL = ManimColor("#2E8B57")  # normal data (sea green)
ANOMALY = ManimColor("#DC143C")  # anomalous data (crimson)
TEXT = WHITE
MUTED = GREY_B
