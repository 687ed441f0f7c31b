/**
 * Yeoman colours its log with chalk (which looks at stdout only) and log-symbols (which looks at
 * TERM only), so output piped to a file or read by a program got raw escape codes. The bin's
 * output is plain unless both stdout and stderr are terminals or the user sets FORCE_COLOR; this
 * must run before Yeoman's modules are loaded, as they decide once when loaded.
 */
export function plainUnlessTerminal(
  env: NodeJS.ProcessEnv = process.env,
  streams: { stdout: { isTTY?: boolean }; stderr: { isTTY?: boolean } } = process,
): void {
  const forced = env["FORCE_COLOR"] !== undefined && env["FORCE_COLOR"] !== "0";
  if (forced || (streams.stdout.isTTY === true && streams.stderr.isTTY === true)) return;
  // Both: chalk reads FORCE_COLOR, Node's tty.hasColors() (yoctocolors) reads NO_COLOR as well.
  env["NO_COLOR"] = "1";
  env["FORCE_COLOR"] = "0";
}
