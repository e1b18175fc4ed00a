"""Render a video's acts in parallel processes and join them into one render.

``padim-studio render <video>`` renders each act as its own scene, in its
own manim process and media folder, skips acts whose inputs are unchanged
(:mod:`padim_studio.render.fingerprint`), and joins the act renders into the
layout that ``manim --save_sections`` writes for the whole-video scene
(:mod:`padim_studio.render.join`).
"""
