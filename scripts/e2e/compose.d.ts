export interface ComposeProbe {
  works: (cmd: string, argv: string[]) => boolean;
  root: () => boolean;
  aptInstall: (name: string) => void;
  log: (line: string) => void;
}
export function findComposeValidator(probe?: ComposeProbe): [string, string[]] | undefined;
