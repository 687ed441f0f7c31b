export interface DecidedLike {
  value: unknown;
  source: string;
  line: number | null;
  evidence: string | null;
}
export type Label = unknown;
export type LabelFile = Record<string, Record<string, Label>>;
export interface FieldResult {
  field: string;
  label: Label;
  decided: DecidedLike;
  ok: boolean;
}
export interface ScoredFile {
  file: string;
  heldOut: boolean;
  results: FieldResult[];
}
export interface Accuracy {
  fields: Map<string, { ok: number; total: number }>;
  ok: number;
  total: number;
  rate: number;
}
export function isHeldOut(file: string): boolean;
export function labelledFiles(labels: LabelFile): { file: string; fields: Record<string, Label> }[];
export function agrees(label: Label, decided: DecidedLike): boolean;
export function inferredName(decided: DecidedLike): string;
export function labelName(label: Label): string;
export function score(
  labels: LabelFile,
  infer: (file: string) => Record<string, DecidedLike>,
): ScoredFile[];
export function accuracy(scored: ScoredFile[]): Accuracy;
export function confusion(scored: ScoredFile[], field: string): Map<string, Map<string, number>>;
