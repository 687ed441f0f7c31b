"""Drive a command in a pseudo-terminal, the way a person at a keyboard would.

Usage: python3 pty_session.py STEPS_JSON -- command [args...]
STEPS_JSON is a list of [pattern, keys]: wait until the output matches the regular expression
`pattern` (searched in everything printed since the previous match), then type `keys`.
Prints the whole transcript (ANSI escapes removed) and exits with the command's status; exits
124 if a pattern does not appear within 60 seconds.
"""

import json
import os
import pty
import re
import select
import sys
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\r")


def main() -> int:
    split = sys.argv.index("--")
    steps = json.loads(sys.argv[1])
    command = sys.argv[split + 1 :]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    transcript = ""
    pending = ""
    status = None

    def read(timeout: float) -> bool:
        nonlocal transcript, pending
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(fd, 65536).decode("utf-8", "replace")
        except OSError:
            return False
        if not chunk:
            return False
        clean = ANSI.sub("", chunk)
        transcript += clean
        pending += clean
        return True

    for pattern, keys in steps:
        deadline = time.time() + 60
        while not re.search(pattern, pending):
            if time.time() > deadline or not read(0.2):
                sys.stdout.write(transcript)
                sys.stdout.write(f"\n[pty_session: never saw {pattern!r}]\n")
                os.kill(pid, 9)
                return 124
        pending = ""
        time.sleep(0.3)
        os.write(fd, keys.encode())
    while read(1.0):
        pass
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(transcript)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
