/**
 * Fields added to the vocabulary after ../shared/reference-specs/expected.json was written, as
 * the reference specs state them (the pool settings of 004's `create_async_engine(...)` call).
 * Both reference-spec tests merge them into expected.json's entries.
 */
export const ADDED_EXPECTED: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  "004_57757bf88486a550.txt": {
    databasePoolSize: 20,
    databaseMaxOverflow: 0,
    databasePoolPrePing: true,
  },
};

/** A file's expected fields with the added ones. */
export function withAdded<T extends Record<string, unknown>>(file: string, fields: T): T {
  return { ...fields, ...(ADDED_EXPECTED[file] ?? {}) };
}
