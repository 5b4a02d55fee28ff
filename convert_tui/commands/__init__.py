"""Subcommands: each module has `run(args: argparse.Namespace) -> int`."""
