"""Endpoint presets: defaults for each kind of server."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..messages import Text, msg


@dataclass(frozen=True, kw_only=True)
class Preset:
    """One kind of server: its defaults and what it can do (every field by name)."""

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
            id="openai",
            label="OpenAI",
            base_url="https://api.openai.com/v1",
            needs_key=True,
            key_env="OPENAI_API_KEY",
            default_model="gpt-4o-mini",
            context_window=128_000,
            output_reserve=4096,
            concurrency=4,
            openai_params=True,
            prices={
                "gpt-4o-mini": (0.15, 0.60),
                "gpt-4o": (2.50, 10.0),
                "gpt-4.1-mini": (0.40, 1.60),
                "gpt-4.1": (2.0, 8.0),
            },
        ),
        Preset(
            id="azure-v1",
            label="Azure OpenAI (v1)",
            base_url="https://RESOURCE.openai.azure.com/openai/v1/",
            needs_key=True,
            key_env="AZURE_OPENAI_API_KEY",
            default_model="gpt-4o-mini",
            context_window=128_000,
            output_reserve=4096,
            concurrency=4,
            openai_params=True,
        ),
        Preset(
            id="azure-classic",
            label="Azure OpenAI (classic)",
            base_url="https://RESOURCE.openai.azure.com",
            needs_key=True,
            key_env="AZURE_OPENAI_API_KEY",
            default_model="",
            context_window=128_000,
            output_reserve=4096,
            concurrency=4,
            openai_params=True,
            deployments=True,
        ),
        Preset(
            id="ollama",
            label="Ollama",
            base_url="http://127.0.0.1:11434/v1",
            needs_key=False,
            key_env=None,
            default_model="qwen2.5:7b",
            context_window=4096,
            output_reserve=1024,
            concurrency=1,
            local=True,
            truncates_silently=True,
            ollama_api=True,
            start_hint=msg("is Ollama running? Start it with `ollama serve`"),
        ),
        Preset(
            id="lmstudio",
            label="LM Studio",
            base_url="http://127.0.0.1:1234/v1",
            needs_key=False,
            key_env=None,
            default_model="",
            context_window=8192,
            output_reserve=1536,
            concurrency=1,
            local=True,
            tiers=("json_schema", "prompt"),
            lmstudio_api=True,
            start_hint=msg("is LM Studio's local server running? (Developer → Start Server)"),
        ),
        Preset(
            id="vllm",
            label="vLLM",
            base_url="http://127.0.0.1:8000/v1",
            needs_key=False,
            key_env="VLLM_API_KEY",
            default_model="",
            context_window=16_384,
            output_reserve=2048,
            concurrency=4,
            local=True,
            start_hint=msg("is vLLM running? Start it with `vllm serve MODEL`"),
        ),
        Preset(
            id="llamacpp",
            label="llama.cpp server",
            base_url="http://127.0.0.1:8080/v1",
            needs_key=False,
            key_env=None,
            default_model="",
            context_window=4096,
            output_reserve=1024,
            concurrency=1,
            local=True,
            llama_server=True,
            start_hint=msg("is llama-server running? Start it with `llama-server -m MODEL.gguf`"),
        ),
        Preset(
            id="openrouter",
            label="OpenRouter",
            base_url="https://openrouter.ai/api/v1",
            needs_key=True,
            key_env="OPENROUTER_API_KEY",
            default_model="openai/gpt-4o-mini",
            context_window=128_000,
            output_reserve=4096,
            concurrency=4,
            vendor_prefixed=True,
        ),
        Preset(
            id="groq",
            label="Groq",
            base_url="https://api.groq.com/openai/v1",
            needs_key=True,
            key_env="GROQ_API_KEY",
            default_model="llama-3.3-70b-versatile",
            context_window=32_768,
            output_reserve=4096,
            concurrency=2,
        ),
        Preset(
            id="deepseek",
            label="DeepSeek",
            base_url="https://api.deepseek.com",
            needs_key=True,
            key_env="DEEPSEEK_API_KEY",
            default_model="deepseek-chat",
            context_window=64_000,
            output_reserve=4096,
            concurrency=4,
            tiers=("json_object", "prompt"),
        ),
        Preset(
            id="builtin",
            label="Built-in (local)",
            base_url="engine://local",
            needs_key=False,
            key_env=None,
            default_model="local",
            context_window=8192,
            output_reserve=1024,
            concurrency=1,
            local=True,
            engine=True,
            lists_models=False,
            llama_server=True,
            start_hint=msg("the built-in engine is not running; it starts again on the next request"),
        ),
        Preset(
            id="custom",
            label="Custom (OpenAI-compatible)",
            base_url="http://127.0.0.1:8000/v1",
            needs_key=False,
            key_env=None,
            default_model="",
            context_window=8192,
            output_reserve=2048,
            concurrency=2,
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
