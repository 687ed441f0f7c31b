"""Drive a command in a pseudo-terminal, the way a person at a keyboard would.

Usage: python3 pty_session.py STEPS_JSON -- command [args...]
STEPS_JSON is a list of [pattern, keys] or [pattern, keys, answered]: wait until the output
matches the regular expression `pattern` (searched in everything printed since the previous
step), then type `keys`; with `answered`, also wait until that pattern shows the question was
accepted, and stop at once if the prompt answers with a validation message instead.
When steps use `answered`, a question after the last step (a line starting with "? ") is a
failure: nobody is there to answer it.
Prints the whole transcript (ANSI escapes removed) and exits with the command's status; exits
124 if a pattern does not appear within 60 seconds, 125 on a refused answer or an unexpected
question.
"""

import json
import os
import pty
import re
import select
import sys
import time

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\r")
# Inquirer shows a refused answer as a line starting with "> " under the question.
REFUSED = re.compile(r"(?m)^> \S.*$")
QUESTION = re.compile(r"(?m)^\? \S.*$")


def main() -> int:
    split = sys.argv.index("--")
    steps = json.loads(sys.argv[1])
    command = sys.argv[split + 1 :]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    transcript = ""
    pending = ""

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

    def fail(message: str, code: int) -> int:
        sys.stdout.write(transcript)
        sys.stdout.write(f"\n[pty_session: {message}]\n")
        os.kill(pid, 9)
        return code

    def wait_for(pattern: str) -> bool:
        deadline = time.time() + 60
        while not re.search(pattern, pending):
            if time.time() > deadline or not read(0.2):
                return False
        return True

    for step in steps:
        pattern, keys = step[0], step[1]
        if not wait_for(pattern):
            return fail(f"never saw {pattern!r}", 124)
        # Let the prompt finish drawing (a refused answer is drawn more than once) before typing:
        # what it prints until then belongs to this step, not to the answer's outcome.
        settle = time.time() + 0.3
        while time.time() < settle and read(0.05):
            pass
        pending = ""
        os.write(fd, keys.encode())
        if len(step) > 2:
            deadline = time.time() + 60
            while not re.search(step[2], pending):
                refused = REFUSED.search(pending)
                if refused:
                    return fail(f"answer refused: {refused.group(0)!r}", 125)
                if time.time() > deadline or not read(0.2):
                    return fail(f"never saw {step[2]!r}", 124)
            pending = pending[re.search(step[2], pending).end() :]
    while read(1.0):
        question = QUESTION.search(pending)
        if question and any(len(step) > 2 for step in steps):
            return fail(f"unexpected question {question.group(0)!r}", 125)
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(transcript)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
