export interface E2eProject {
  name: string;
  spec: string;
  flags: string[];
  security?: boolean;
  production?: boolean;
  describe: string;
}
export const DEFAULT_SETS: string[];
export function e2eProjects(
  root: string,
  sets?: string[],
): { projects: E2eProject[]; missing: string[] };
