"""Endpoint presets: defaults for each kind of server."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..messages import Text, msg


@dataclass(frozen=True)
class Preset:
    id: str
    label: str
    base_url: str
    needs_key: bool
    key_env: str | None
    default_model: str
    context_window: int
    output_reserve: int
    concurrency: int
    local: bool = False
    #: Known structured-output tiers, best first. The client still falls back at run time.
    tiers: tuple[str, ...] = ("json_schema", "json_object", "prompt")
    #: The server silently drops the start of prompts that do not fit (Ollama).
    truncates_silently: bool = False
    #: How to start the server, said when it cannot be reached.
    start_hint: Text = ""
    #: USD per million tokens (input, output) for models whose price is known.
    prices: dict[str, tuple[float, float]] = field(default_factory=dict)
    # capabilities, declared here and read by the rest of the app (never the preset's id)
    #: Threadgist starts and stops the server itself (the built-in llama.cpp engine).
    engine: bool = False
    #: The server lists its models at /models (the built-in engine has exactly one).
    lists_models: bool = True
    #: llama.cpp's server: /tokenize and /props for exact token counts and the real window,
    #: and the prompt-reading progress stream (``return_progress``).
    llama_server: bool = False
    #: Ollama's native API: /api/show (the trained context), /api/ps (the loaded window)
    #: and /api/chat, which takes the window per request (options.num_ctx)
    ollama_api: bool = False
    #: LM Studio's REST API: /api/v0/models (the loaded and the largest context length)
    lmstudio_api: bool = False
    #: OpenAI's parameter rules apply (reasoning models take max_completion_tokens).
    openai_params: bool = False
    #: Requests go to a deployment URL with an api-version (Azure's classic API).
    deployments: bool = False
    #: Model names carry their vendor ("openai/gpt-4o-mini"); prices are per bare name.
    vendor_prefixed: bool = False


PRESETS: dict[str, Preset] = {
    entry.id: entry
    for entry in (
        Preset(
            "openai",
            "OpenAI",
            "https://api.openai.com/v1",
            True,
            "OPENAI_API_KEY",
            "gpt-4o-mini",
            128_000,
            4096,
            4,
            openai_params=True,
            prices={
                "gpt-4o-mini": (0.15, 0.60),
                "gpt-4o": (2.50, 10.0),
                "gpt-4.1-mini": (0.40, 1.60),
                "gpt-4.1": (2.0, 8.0),
            },
        ),
        Preset(
            "azure-v1",
            "Azure OpenAI (v1)",
            "https://RESOURCE.openai.azure.com/openai/v1/",
            True,
            "AZURE_OPENAI_API_KEY",
            "gpt-4o-mini",
            128_000,
            4096,
            4,
            openai_params=True,
        ),
        Preset(
            "azure-classic",
            "Azure OpenAI (classic)",
            "https://RESOURCE.openai.azure.com",
            True,
            "AZURE_OPENAI_API_KEY",
            "",
            128_000,
            4096,
            4,
            openai_params=True,
            deployments=True,
        ),
        Preset(
            "ollama",
            "Ollama",
            "http://127.0.0.1:11434/v1",
            False,
            None,
            "qwen2.5:7b",
            4096,
            1024,
            1,
            local=True,
            truncates_silently=True,
            ollama_api=True,
            start_hint=msg("is Ollama running? Start it with `ollama serve`"),
        ),
        Preset(
            "lmstudio",
            "LM Studio",
            "http://127.0.0.1:1234/v1",
            False,
            None,
            "",
            8192,
            1536,
            1,
            local=True,
            tiers=("json_schema", "prompt"),
            lmstudio_api=True,
            start_hint=msg("is LM Studio's local server running? (Developer → Start Server)"),
        ),
        Preset(
            "vllm",
            "vLLM",
            "http://127.0.0.1:8000/v1",
            False,
            "VLLM_API_KEY",
            "",
            16_384,
            2048,
            4,
            local=True,
            start_hint=msg("is vLLM running? Start it with `vllm serve MODEL`"),
        ),
        Preset(
            "llamacpp",
            "llama.cpp server",
            "http://127.0.0.1:8080/v1",
            False,
            None,
            "",
            4096,
            1024,
            1,
            local=True,
            llama_server=True,
            start_hint=msg("is llama-server running? Start it with `llama-server -m MODEL.gguf`"),
        ),
        Preset(
            "openrouter",
            "OpenRouter",
            "https://openrouter.ai/api/v1",
            True,
            "OPENROUTER_API_KEY",
            "openai/gpt-4o-mini",
            128_000,
            4096,
            4,
            vendor_prefixed=True,
        ),
        Preset(
            "groq",
            "Groq",
            "https://api.groq.com/openai/v1",
            True,
            "GROQ_API_KEY",
            "llama-3.3-70b-versatile",
            32_768,
            4096,
            2,
        ),
        Preset(
            "deepseek",
            "DeepSeek",
            "https://api.deepseek.com",
            True,
            "DEEPSEEK_API_KEY",
            "deepseek-chat",
            64_000,
            4096,
            4,
            tiers=("json_object", "prompt"),
        ),
        Preset(
            "builtin",
            "Built-in (local)",
            "engine://local",
            False,
            None,
            "local",
            8192,
            1024,
            1,
            local=True,
            engine=True,
            lists_models=False,
            llama_server=True,
            start_hint=msg("the built-in engine is not running; it starts again on the next request"),
        ),
        Preset(
            "custom", "Custom (OpenAI-compatible)", "http://127.0.0.1:8000/v1", False, None, "", 8192, 2048, 2
        ),
    )
}


def preset(preset_id: str) -> Preset:
    try:
        return PRESETS[preset_id]
    except KeyError:
        raise KeyError(f"unknown preset {preset_id!r}; choose one of: {', '.join(PRESETS)}") from None


def is_reasoning_model(model: str) -> bool:
    """OpenAI reasoning models want max_completion_tokens and no temperature."""
    bare_name = model.lower().rsplit("/", 1)[-1]
    return bare_name.startswith(("o1", "o3", "o4", "gpt-5"))
