"""Modules that every act render imports, imported once by the fork server of the act processes.

Each act renders in a fresh process forked from a server that has already
imported these, so an act process starts without the seconds that importing
manim, the scene base class and the stage helpers takes.
"""

import importlib
import pkgutil

import manim.__main__  # noqa: F401  (manim's command line, which the act processes run)

import padim_studio.scene  # noqa: F401
import padim_studio.stage

for module in pkgutil.iter_modules(padim_studio.stage.__path__, prefix="padim_studio.stage."):
    importlib.import_module(module.name)
