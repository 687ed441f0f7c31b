/** Names that must never become an unsafe path or a Python identifier that breaks the project. */

/** Windows device names, in the cases and forms users write them. */
export const DEVICE_NAMES = ["CON", "nul", "COM1", "LPT1", "aux.txt", "PRN"];

/** Python keywords, and names that would shadow a module the project imports. */
export const KEYWORD_AND_MODULE_NAMES = [
  "class",
  "import",
  "test",
  "fastapi",
  "typing",
  "sqlalchemy",
  "pydantic",
];

/** Spec `name` values, written as YAML scalars: path escapes, device names, keywords, modules. */
export const HOSTILE_SPEC_NAMES = [
  "../x",
  "../../etc",
  "/tmp/x",
  "'C:\\x'",
  ...DEVICE_NAMES,
  ...KEYWORD_AND_MODULE_NAMES,
];
