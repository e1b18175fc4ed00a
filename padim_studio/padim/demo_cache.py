"""Store demo results in ``.npz`` files named by a hash of everything that produced them.

The hash covers the format version, every field of ``DemoParameters`` and the
source code of this package. Editing any module of the package therefore
starts a new cache file instead of reading results of older code. Files of
older code or parameters are not deleted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np

from padim_studio.padim.demo_result import DemoParameters, DemoResult
from padim_studio.paths import repository_root

# Bump when the layout of the .npz file changes.
FORMAT_VERSION = 1
CACHE_DIR_ENV_VAR = "PADIM_STUDIO_CACHE"

_INT_FIELDS = {"stage_example_index"}
_FLOAT_FIELDS = {"image_auroc", "pixel_auroc", "threshold"}


def resolve_cache_dir(cache_dir: str | os.PathLike | None = None) -> Path:
    """Return the cache folder.

    The folder is ``cache_dir`` if given, else ``$PADIM_STUDIO_CACHE`` if set
    and not empty, else ``<repo>/media/cache/padim``. The environment variable
    names the folder of the ``.npz`` files itself, not a parent folder.
    """
    if cache_dir is not None:
        return Path(cache_dir)
    override = os.environ.get(CACHE_DIR_ENV_VAR)
    if override:
        return Path(override)
    return repository_root() / "media" / "cache" / "padim"


def cache_key(parameters: DemoParameters) -> str:
    """Hash the format version, the parameters and the package source with SHA-256."""
    source = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        source.update(module.name.encode())
        source.update(module.read_bytes())
    description = {
        "format_version": FORMAT_VERSION,
        "parameters": dataclasses.asdict(parameters),
        "source_sha256": source.hexdigest(),
    }
    return hashlib.sha256(json.dumps(description, sort_keys=True).encode()).hexdigest()


def cache_path(parameters: DemoParameters, cache_dir: str | os.PathLike | None = None) -> Path:
    """Return the ``.npz`` path for ``parameters`` inside the resolved cache folder."""
    name = f"padim_demo_v{FORMAT_VERSION}_{cache_key(parameters)[:16]}.npz"
    return resolve_cache_dir(cache_dir) / name


def write_result(result: DemoResult, path: Path) -> None:
    """Write ``result`` to ``path`` atomically, through a temporary file and ``os.replace``.

    A reader never sees a partly written file, even if two processes write
    the same path at once.
    """
    arrays = {"format_version": np.array(FORMAT_VERSION)}
    for field in dataclasses.fields(result):
        value = getattr(result, field.name)
        if field.name == "parameters":
            parameters_json = json.dumps(dataclasses.asdict(value), sort_keys=True)
            arrays["parameters_json"] = np.array(parameters_json)
        elif field.name == "stage_maps":
            for index, stage_map in enumerate(value):
                arrays[f"stage_map_{index}"] = stage_map
        else:
            arrays[field.name] = np.asarray(value)

    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary_name = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            np.savez(file, **arrays)
        os.replace(temporary_name, path)
    except BaseException:
        Path(temporary_name).unlink(missing_ok=True)
        raise


def read_result(path: Path, parameters: DemoParameters) -> DemoResult:
    """Read a result written by ``write_result``.

    Raises
    ------
    ValueError
        If the file has another format version or was written for other
        parameters.
    OSError, KeyError, zipfile.BadZipFile
        If the file is missing, lacks a field or is damaged.
    """
    with np.load(path, allow_pickle=False) as archive:
        version = int(archive["format_version"])
        if version != FORMAT_VERSION:
            raise ValueError(f"{path} has format version {version}, expected {FORMAT_VERSION}")
        stored_parameters = json.loads(str(archive["parameters_json"]))
        if stored_parameters != dataclasses.asdict(parameters):
            raise ValueError(f"{path} was written for other parameters: {stored_parameters}")

        stage_keys = sorted(
            (key for key in archive.files if key.startswith("stage_map_")),
            key=lambda key: int(key.removeprefix("stage_map_")),
        )
        stage_maps = tuple(archive[key] for key in stage_keys)
        values = {"parameters": parameters, "stage_maps": stage_maps}
        for field in dataclasses.fields(DemoResult):
            if field.name in values:
                continue
            if field.name in _INT_FIELDS:
                values[field.name] = int(archive[field.name])
            elif field.name in _FLOAT_FIELDS:
                values[field.name] = float(archive[field.name])
            else:
                values[field.name] = archive[field.name]
    return DemoResult(**values)
