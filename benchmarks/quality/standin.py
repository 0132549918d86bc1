"""make quality-standin: the digest quality a capable model gives, replayed offline.

No capable model runs here, so one *stands in*: a reader that sees only the request
writes the answer a careful model would (../shared/docs/stand-in-model.md). The answers
are kept in benchmarks/standin/answers/, one file per request, named by the first 16 hex
digits of the sha256 of the request's messages (JSON, keys sorted, non-ASCII kept): a
changed prompt is a new request and needs a new answer.

This script serves them from an OpenAI-compatible server on 127.0.0.1 and runs
``threadgist eval`` over the long threads of benchmarks/quality at several windows, each
in a fresh THREADGIST_HOME (the app learns token counts per endpoint). A request with no
answer is refused (HTTP 400) and saved under the output folder's pending/: the script
lists them, so that a reader can answer them (the figures are then replayable).

    python benchmarks/quality/standin.py                   # the table, or the missing answers
    python benchmarks/quality/standin.py --contexts 4096   # one window
    python benchmarks/quality/standin.py --placeholder     # unanswered requests get the
        # smallest answer their schema allows, so one run shows every prompt of a round
    python benchmarks/quality/standin.py --long --answers benchmarks/standin/answers-b
        # another reader's whole runs of the long threads (see quality-resample.md)
    python benchmarks/quality/standin.py --form compact --placeholder
        # only the compact rows (one call over the 7 threads, 8k and 4k over the long ones):
        # every prompt a new compact form needs answered, in one run

Writes benchmarks/results/quality-standin.md and .json. Every figure is the stand-in's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ANSWERS = ROOT / "benchmarks" / "standin" / "answers"
RESULTS = ROOT / "benchmarks" / "results"
#: the threads that need map/reduce below a large window (the issue's "long threads")
LONG_THREADS = ("Gossiping_M.1540789539", "hn_algolia", "reddit_redditdev")
#: the seven threads of the one-call rows
ALL_THREADS = ("",)
#: (label, context, pipeline, answer form, threads): the one call is the ceiling the others
#: are judged against
RUNS = (
    ("one call", 128000, "single", "rich", LONG_THREADS),
    ("map/reduce", 8192, "single", "rich", LONG_THREADS),
    ("map/reduce", 4096, "single", "rich", LONG_THREADS),
    ("map/reduce, merge only", 8192, "merge", "rich", LONG_THREADS),
    ("map/reduce, merge only", 4096, "merge", "rich", LONG_THREADS),
    ("staged", 4096, "staged", "rich", LONG_THREADS),
    ("one call, all threads", 128000, "single", "rich", ALL_THREADS),
    ("one call, all threads, compact answers", 128000, "single", "compact", ALL_THREADS),
    ("map/reduce, compact answers", 8192, "single", "compact", LONG_THREADS),
    ("map/reduce, compact answers", 4096, "single", "compact", LONG_THREADS),
)


def request_key(body: dict[str, Any]) -> str:
    blob = json.dumps(body.get("messages", []), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def smallest(schema: dict[str, Any]) -> object:
    """The smallest instance of a JSON schema (``--placeholder``)."""
    kind = schema.get("type")
    if kind == "object":
        return {name: smallest(schema["properties"][name]) for name in schema.get("required", [])}
    return {"array": [], "string": "(placeholder)", "integer": 0, "number": 0, "boolean": False}.get(
        str(kind)
    )


@dataclass
class Replay:
    """What the server answers from, and what it could not answer."""

    answers: Path
    pending: Path
    placeholder: bool = False
    missing: set[str] = field(default_factory=set)
    used: set[str] = field(default_factory=set)  # the answers the runs asked for
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, body: dict[str, Any]) -> str | None:
        key = request_key(body)
        path = self.answers / f"{key}.txt"
        if path.is_file():
            with self.lock:
                self.used.add(key)
            return path.read_text(encoding="utf-8")
        with self.lock:
            self.missing.add(key)
            self.pending.mkdir(parents=True, exist_ok=True)
            (self.pending / f"{key}.json").write_text(
                json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8"
            )
        if not self.placeholder:
            return None
        schema = ((body.get("response_format") or {}).get("json_schema") or {}).get("schema")
        return json.dumps(smallest(schema), ensure_ascii=False) if schema else "(placeholder)"


def _handler(replay: Replay) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _json(self, status: int, doc: object) -> None:
            data = json.dumps(doc, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._json(200, {"object": "list", "data": [{"id": "standin", "object": "model"}]})
            else:
                self._json(404, {"error": {"message": "no such path"}})

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            content = replay.answer(body)
            if content is None:
                message = f"answer {request_key(body)} pending"
                self._json(400, {"error": {"message": message, "type": "invalid_request_error"}})
            elif body.get("stream"):
                self._stream(content)
            else:
                choice = {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
                self._json(
                    200, {"id": "r", "object": "chat.completion", "model": "standin", "choices": [choice]}
                )

        def _stream(self, content: str) -> None:
            # no usage: a made-up count would skew the app's token calibration between runs
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            pieces = [content[i : i + 200] for i in range(0, len(content), 200)]
            for piece in [*pieces, None]:
                delta = {"content": piece} if piece is not None else {}
                chunk = {
                    "id": "r",
                    "object": "chat.completion.chunk",
                    "model": "standin",
                    "choices": [
                        {"index": 0, "delta": delta, "finish_reason": None if piece is not None else "stop"}
                    ],
                }
                self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")

    return Handler


@contextmanager
def serve(replay: Replay) -> Iterator[str]:
    """The replay server on a free port of 127.0.0.1; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(replay))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def run_eval(
    base_url: str, context: int, pipeline: str, threads: tuple[str, ...], home: Path, form: str = "rich"
) -> dict[str, Any]:
    """``threadgist eval`` in a fresh home, as a user would run it; its JSON."""
    env = {**os.environ, "THREADGIST_HOME": str(home), "PYTHONPATH": str(ROOT / "desktop")}
    exe = [sys.executable, "-m", "threadgist"]
    add = ["endpoints", "add", "standin", "--preset", "custom", "--base-url", base_url]
    subprocess.run(
        [*exe, *add, "--model", "standin", "--context", "128000"], env=env, check=True, capture_output=True
    )
    argv = [
        "eval",
        "--endpoint",
        "standin",
        "--context",
        str(context),
        "--form",
        form,
        "--pipeline",
        pipeline,
        "--format",
        "json",
    ]
    done = subprocess.run([*exe, *argv, "--threads", *threads], env=env, capture_output=True, text=True)
    if done.returncode not in (0, 4):
        raise SystemExit(f"threadgist eval failed ({done.returncode}):\n{done.stderr[-2000:]}")
    doc: dict[str, Any] = json.loads(done.stdout)
    return doc


def table(rows: list[tuple[str, int, dict[str, Any]]]) -> str:
    head = (
        "| run (stand-in) | window | on/off acc | pair F1 | dup groups | max viewpoints + digressions "
        "| lines in 2 groups | calls | prompt + completion tokens | completion per digest |\n"
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|\n"
    )
    lines = []
    for label, context, doc in rows:
        mean, threads = doc["mean"], doc["threads"]
        most = max((t["viewpoints"], t["digressions"]) for t in threads) if threads else (0, 0)
        tokens = sum(t["prompt_tokens"] for t in threads), sum(t["completion_tokens"] for t in threads)
        lines.append(
            f"| {label} | {context:,} | {mean['accuracy']:.3f} | {mean['f1']:.3f} | "
            f"{mean['duplicate_groups']:.1f} | {most[0]} + {most[1]} | "
            f"{sum(t['lines_in_two_groups'] for t in threads)} | {sum(t['calls'] for t in threads)} | "
            f"{tokens[0]:,} + {tokens[1]:,} | {tokens[1] // max(len(threads), 1):,} |"
        )
    return head + "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contexts", type=int, nargs="*", help="only these windows")
    parser.add_argument("--threads", nargs="*", default=list(LONG_THREADS))
    parser.add_argument("--placeholder", action="store_true")
    parser.add_argument("--out", type=Path, default=None, help="where pending/ and the homes go")
    parser.add_argument("--answers", type=Path, default=ANSWERS, help="answer from this folder")
    parser.add_argument(
        "--long", action="store_true", help="only the long threads' one call, 8k and 4k runs (a resample)"
    )
    parser.add_argument("--form", choices=("rich", "compact"), help="only the rows of this answer form")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="standin-"))
    replay = Replay(args.answers, out / "pending", args.placeholder)
    rows: list[tuple[str, int, dict[str, Any]]] = []
    with serve(replay) as base_url:
        for i, (label, context, pipeline, form, threads) in enumerate(RUNS):
            if args.contexts and context not in args.contexts:
                continue
            if args.long and (threads != LONG_THREADS or pipeline == "staged" or form != "rich"):
                continue
            if args.form and form != args.form:
                continue
            names = tuple(args.threads) if threads == LONG_THREADS else threads
            doc = run_eval(base_url, context, pipeline, names, out / f"home-{i}", form)
            rows.append((label, context, doc))
            print(f"{label} at {context}: F1 {doc['mean']['f1']:.3f}", file=sys.stderr)
    if replay.missing:
        print(f"{len(replay.missing)} request(s) have no answer yet, in {out / 'pending'}:")
        for key in sorted(replay.missing):
            print(f"  {key}")
        return 1
    unused = sorted(path.stem for path in args.answers.glob("*.txt") if path.stem not in replay.used)
    if unused:
        print(
            f"{len(unused)} answer(s) in {args.answers} were not asked for (an older prompt's)",
            file=sys.stderr,
        )
    (out / "used.txt").write_text("\n".join(sorted(replay.used)) + "\n", encoding="utf-8")
    text = table(rows)
    print(text)
    if not args.contexts and not args.form and not args.out and args.answers == ANSWERS:
        RESULTS.joinpath("quality-standin.md").write_text(
            "# Digest quality with a stand-in capable model (replayed)\n\n"
            "`make quality-standin` (benchmarks/quality/standin.py): the threads "
            f"{', '.join(args.threads)}; every figure is the stand-in's.\n\n" + text,
            encoding="utf-8",
        )
        RESULTS.joinpath("quality-standin.json").write_text(
            json.dumps([{"run": label, "context": context, **doc} for label, context, doc in rows], indent=1),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
