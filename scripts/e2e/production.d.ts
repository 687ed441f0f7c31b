export function readmeCommand(
  readme: string,
): { check: string; entry: string; workers: number; migrates: boolean } | undefined;
export function production(options: {
  dir: string;
  answers: Record<string, unknown>;
  run: (
    cmd: string,
    argv: string[],
    options: object,
  ) => Promise<{ code: number; output: string; seconds: number }>;
  py: (tool: string) => string;
  env: Record<string, string | undefined>;
  freePort: () => Promise<number>;
  dbName: string;
  jwtSecret: string;
}): Promise<{ ok: boolean; seconds: number; output: string }>;
