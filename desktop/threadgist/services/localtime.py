"""What a local run costs in time and tokens before it starts, without starting the
engine: the bundled model's own token count (predicted from the thread's script, as the
run's calibration will measure it), the size of the model the built-in engine loads, and
the minutes a plan takes at this computer's measured speed."""

from __future__ import annotations

import re
from pathlib import Path

from ..digest.render import iter_lines
from ..llm.catalog import load_catalog
from ..llm.catalog_fit import Speed, scaled
from ..llm.profiles import EndpointProfile
from ..thread.model import Thread

#: SmolLM2-135M's tokens per o200k token, measured with llama.cpp's /tokenize on the lines
#: the run calibrates with (digest/calibrate.py): 1.16 on English text, 1.85-2.05 on the
#: PTT threads of the corpus (2.01 on the bundled sample), where Han characters are about
#: 70-80 % of the characters
BUNDLED_LATIN = 1.16
BUNDLED_HAN = 1.98
HAN_FULL = 0.72  # the share of Han characters from which a text counts as all Han
#: the run's calibration adds this margin to what it measured (digest/calibrate.py)
CALIBRATION_MARGIN = 1.02
#: the bundled SmolLM2-135M's size (llm/speedtest.py measures with it)
BUNDLED_PARAMS_BILLION = 0.135
#: bytes per parameter of a typical 4-5 bit quantised GGUF file, for a file no catalog knows
BYTES_PER_PARAM = 0.6e9
_SIZE_LABEL = re.compile(r"(\d+(?:\.\d+)?)\s*[bB]\b")


def _han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\u3000" <= char <= "\u303f"


def calibration_sample(thread: Thread) -> str:
    """The text a run on a llama.cpp server calibrates its token count with."""
    return "\n".join(line.text for line in iter_lines(thread, limit=200)) or thread.body


def bundled_token_factor(thread: Thread) -> float:
    """The factor the run's calibration will find for the bundled model on ``thread``."""
    sample = calibration_sample(thread)
    letters = [char for char in sample if not char.isspace()]
    share = sum(1 for char in letters if _han(char)) / len(letters) if letters else 0.0
    factor = BUNDLED_LATIN + (BUNDLED_HAN - BUNDLED_LATIN) * min(1.0, share / HAN_FULL)
    return round(factor * CALIBRATION_MARGIN, 4)


def engine_params_billion(profile: EndpointProfile) -> float | None:
    """The size of the model the built-in engine runs for ``profile`` (billions of
    parameters): the bundled model's, a catalog model's, the file's own size label, or an
    estimate from its size on disk; None for other endpoints."""
    if not profile.kind.engine:
        return None
    if profile.bundled_model:
        return BUNDLED_PARAMS_BILLION
    path = Path(profile.model)
    try:
        catalog = load_catalog()
    except ValueError:
        catalog = []
    for model in catalog:
        if model.main_file == path.name:
            return model.params_billion
    found = _SIZE_LABEL.search(path.stem.replace("_", "-"))
    if found and 0.05 <= float(found.group(1)) <= 1000:
        return float(found.group(1))
    try:
        return max(0.05, path.stat().st_size / BYTES_PER_PARAM)
    except OSError:
        return None


def minutes_for(speed: Speed, params_billion: float, prompt_tokens: int, answer_tokens: int) -> float:
    """Minutes to read ``prompt_tokens`` and write ``answer_tokens`` with a model of
    ``params_billion`` on this computer (``speed``: measured with the bundled model)."""
    own = scaled(speed, params_billion)
    return (prompt_tokens / own.prefill + answer_tokens / own.generate) / 60
