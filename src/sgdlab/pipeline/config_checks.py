"""Config checks that the JSON schema cannot express, run before any job."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class ConfigError(ValueError):
    """A config value is wrong; the message names the key and the fix."""


def check_config(config: dict[str, Any]) -> None:
    """Raise ConfigError for values that pass the schema but cannot work."""
    source = config["data"]["source"]
    if source not in ("auto", "download") and not Path(source).is_dir():
        raise ConfigError(
            f"config key data.source: directory {source!r} does not exist. Fix: use 'auto', "
            "'download' or a directory holding the four FashionMNIST .gz files."
        )
    for section, settings in config.items():
        model = settings.get("model") if isinstance(settings, dict) else None
        if model is None:
            continue
        hidden = model.get("hidden", [])
        if model["name"] == "mlp" and not hidden:
            raise ConfigError(
                f"config key {section}.model.hidden: an mlp needs at least one hidden width, "
                "for example [64]."
            )
        if model["name"] == "cnn" and hidden:
            raise ConfigError(
                f"config key {section}.model.hidden: the cnn has a fixed architecture; "
                "remove hidden or set it to []."
            )
