"""The project's one logger."""

import logging

logger = logging.getLogger("padim_studio")
