"""PaDiM Studio: narrated Manim explainer videos of the PaDiM paper."""

__version__ = "0.1.0"
