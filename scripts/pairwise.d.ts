export type Config = Record<string, string | boolean>;
export interface Parameter {
  key: string;
  values: Array<string | boolean>;
}
export function parameters(): Parameter[];
export function isValid(config: Config): boolean;
export function coveringArray(options?: { seed?: number; candidates?: number }): {
  rows: Config[];
  pairs: number;
  params: Parameter[];
};
export function uncoveredPairs(rows: Config[], seed?: number): string[];
export function toFlags(config: Config): string[];
