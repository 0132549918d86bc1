"""Helper process for the built-in engine: llama.cpp's own OpenAI-compatible server
(xllamacpp) on 127.0.0.1 and a free port.

    python -m threadgist.llm.engine_server --model FILE.gguf [--ctx N] [--threads N]

Prints ``URL http://127.0.0.1:PORT`` (or ``ERROR message``) on stdout, then serves until
its standard input closes, so it never outlives the app that started it.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="threadgist-engine")
    parser.add_argument("--model", required=True)
    parser.add_argument("--alias", default="local")
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--parallel", type=int, default=1)
    parser.add_argument("--api-key", default=None)
    args = parser.parse_args(argv)
    try:
        import xllamacpp as xlc
    except ImportError:
        print("ERROR the built-in engine is not installed (pip install 'threadgist[local]')", flush=True)
        return 3
    if not os.path.isfile(args.model):
        print(f"ERROR model file not found: {args.model}", flush=True)
        return 3
    params = xlc.CommonParams()
    params.model.path = args.model
    params.n_ctx = args.ctx
    params.n_parallel = args.parallel
    # the prompt is read in batches of this many tokens, and its progress is reported
    # after each: 512 (not 2048) shows a 2,000-token prompt moving on a slow CPU
    params.n_batch = 512
    params.model_alias = {args.alias}
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads
    if args.api_key:
        params.api_keys = [args.api_key]
    try:
        server = xlc.Server(params)
    except Exception as e:  # the native side reports load failures this way
        print(f"ERROR the model could not be loaded: {e}", flush=True)
        return 4
    print(f"URL {server.listening_address}", flush=True)
    done = threading.Event()

    def watch_stdin() -> None:
        try:
            while sys.stdin.readline():
                pass
        finally:
            done.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    done.wait()
    os._exit(0)  # skip native destructors: the process is going away anyway


if __name__ == "__main__":
    sys.exit(main())
