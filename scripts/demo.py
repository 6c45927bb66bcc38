"""Set up and start the whole system on the embedded defaults, with demo data.

    python3 scripts/demo.py [--port 5000]
"""

import argparse
import os

from environment import BIN, ensure_environment, run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="5000")
    options = parser.parse_args()

    ensure_environment()
    flask = BIN / "flask"
    env = {**os.environ, "ANTAR_PUBLIC_BASE_URL": f"http://{options.host}:{options.port}"}
    run(flask, "--app", "wsgi", "db", "upgrade", env=env)
    run(flask, "--app", "wsgi", "demo", "load", env=env)
    run(flask, "--app", "wsgi", "demo", "serve", "--host", options.host, "--port", options.port,
        env=env)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
