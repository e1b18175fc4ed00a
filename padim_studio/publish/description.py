"""The upload description: title, summary, chapters, and the citation and links of the PaDiM paper.

YouTube limits a title to 100 characters and a description to 5000 bytes,
and rejects ``<`` and ``>`` in either.
"""

from __future__ import annotations

from typing import Sequence

from padim_studio.publish.chapters import Chapter, chapter_lines

MAX_TITLE_CHARS = 100
MAX_DESCRIPTION_BYTES = 5000
FORBIDDEN_CHARACTERS = ("<", ">")

ARXIV_ID = "2011.08785"
ARXIV_URL = f"https://arxiv.org/abs/{ARXIV_ID}"
CITATION = (
    "T. Defard, A. Setkov, A. Loesch, R. Audigier. PaDiM: a Patch Distribution Modeling Framework "
    "for Anomaly Detection and Localization. 1st International Workshop on Industrial Machine Learning, "
    "ICPR 2020 Workshops, LNCS 12664, pp. 475-489, Springer 2021."
)
CAPTIONS_NOTE = "English captions follow the narration word for word."

SUMMARIES = {
    "story": (
        "How PaDiM finds and localises defects while learning from normal images only: a frozen ImageNet CNN "
        "describes every patch of an image, one multivariate Gaussian per patch position models what normal "
        "looks like, and the Mahalanobis distance to it gives an anomaly map. From patch extraction to the "
        "results on MVTec AD, in seven short chapters."
    ),
    "deep_dive": (
        "The mathematics and engineering behind PaDiM: the multivariate Gaussian of each patch position and "
        "why a small multiple of the identity is added to its covariance, the Mahalanobis distance as "
        "whitening, which CNN layers to use and why a random subset of channels beats PCA of the same size, "
        "and what the method costs in memory and inference time."
    ),
    "quick_demo": (
        "PaDiM in about a minute: fit one Gaussian per patch position to features of normal images, then "
        "score each patch of a test image by its Mahalanobis distance to flag and localise defects."
    ),
}


def summary_for(video: str, chapters: Sequence[Chapter]) -> str:
    """Return the summary written for ``video``, or one built from the chapter titles for any other video."""
    if video in SUMMARIES:
        return SUMMARIES[video]
    return "An explainer of the PaDiM anomaly detection method: " + ", ".join(chapter.title for chapter in chapters) + "."


def build_description(title: str, summary: str, chapters: Sequence[Chapter]) -> str:
    """Return the description text: the title line, the summary, the chapters and the PaDiM citation."""
    parts = [
        title,
        summary,
        "Chapters\n" + chapter_lines(chapters),
        f"Paper\n{CITATION}\narXiv {ARXIV_ID}: {ARXIV_URL}",
        CAPTIONS_NOTE,
    ]
    return "\n\n".join(parts) + "\n"


def check_description(title: str, description: str) -> list[str]:
    """Return every YouTube limit the title or description breaks, each naming the value and the limit."""
    problems = []
    if not title.strip():
        problems.append("the title is empty")
    if len(title) > MAX_TITLE_CHARS:
        problems.append(f"title has {len(title)} characters; the maximum is {MAX_TITLE_CHARS}")
    size = len(description.encode("utf-8"))
    if size > MAX_DESCRIPTION_BYTES:
        problems.append(f"description has {size} bytes; the maximum is {MAX_DESCRIPTION_BYTES}")
    for character in FORBIDDEN_CHARACTERS:
        if character in title:
            problems.append(f"title contains {character!r}, which YouTube rejects")
        if character in description:
            problems.append(f"description contains {character!r}, which YouTube rejects")
    return problems
