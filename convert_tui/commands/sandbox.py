"""`convert-tui sandbox`: serve the local Convert API sandbox until Ctrl+C."""

from __future__ import annotations

import argparse
import sys

from convert_tui.sandbox import SandboxConfig, SandboxDataError, run_forever

EXIT_USAGE = 2
EXIT_NETWORK = 4


def config_from_args(args: argparse.Namespace) -> SandboxConfig:
    return SandboxConfig(
        host=args.host,
        port=args.port,
        app_id=args.app_id,
        secret=args.secret,
        data_file=args.data,
        seed=args.seed,
        projects=args.projects,
        experiences=args.experiences,
        latency_ms=args.latency_ms,
        fail_rate=args.fail_rate,
        rate_limit=args.rate_limit,
        tls=getattr(args, "tls", False),
    )


def run(args: argparse.Namespace) -> int:
    cfg = config_from_args(args)
    problems = []
    if cfg.projects < 0 or cfg.experiences < 0:
        problems.append("--projects and --experiences must not be negative")
    if not 0.0 <= cfg.fail_rate <= 1.0:
        problems.append("--fail-rate must be between 0 and 1")
    if cfg.latency_ms < 0 or cfg.rate_limit < 0:
        problems.append("--latency-ms and --rate-limit must not be negative")
    if not cfg.app_id or not cfg.secret:
        problems.append("--app-id and --secret must not be empty")
    if problems:
        for problem in problems:
            print(f"convert-tui sandbox: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        run_forever(cfg)
    except SandboxDataError as exc:
        print(f"convert-tui sandbox: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(
            f"convert-tui sandbox: cannot listen on {cfg.host}:{cfg.port}: {exc}", file=sys.stderr
        )
        return EXIT_NETWORK
    return 0
