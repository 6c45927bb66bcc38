"""Run the sandbox carrier from a shell: python -m postal_sandbox --port 8090."""

import argparse
import logging
import threading

from postal_sandbox.server import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, SandboxCarrier


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(
        prog="python -m postal_sandbox", description="Run the sandbox postal carrier."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--client-id", default=DEFAULT_CLIENT_ID)
    parser.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET)
    parser.add_argument("--webhook-url", help="where to POST tracking events")
    parser.add_argument("--webhook-secret", help="the HMAC secret that signs webhooks")
    parser.add_argument(
        "--speed",
        type=float,
        default=60.0,
        help="sandbox seconds per real second (default 60; 0 freezes the clock)",
    )
    parser.add_argument("--token-ttl", type=int, default=3600, help="token lifetime in seconds")
    parser.add_argument(
        "--auto-pickup-minutes",
        type=float,
        help="start stories this many sandbox minutes after creation",
    )
    parser.add_argument(
        "--stamp-real-time",
        action="store_true",
        help="date events by the real time they are played at, not the sped-up story time",
    )
    arguments = parser.parse_args(argv)
    if arguments.webhook_url and not arguments.webhook_secret:
        parser.error("--webhook-url needs --webhook-secret")
    return arguments


def main(argv: list[str] | None = None) -> None:
    """Serve until interrupted."""
    arguments = parse_arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    sandbox = SandboxCarrier(
        arguments.host,
        arguments.port,
        client_id=arguments.client_id,
        client_secret=arguments.client_secret,
        webhook_url=arguments.webhook_url,
        webhook_secret=arguments.webhook_secret,
        speed=arguments.speed,
        token_ttl_seconds=arguments.token_ttl,
        auto_pickup_minutes=arguments.auto_pickup_minutes,
        stamp_real_time=arguments.stamp_real_time,
    ).start()
    print(
        f"Sandbox carrier at {sandbox.url} (client id {arguments.client_id}); Ctrl-C stops it",
        flush=True,
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()


if __name__ == "__main__":
    main()
