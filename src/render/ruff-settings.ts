/**
 * The ruff settings of a generated project: written into its pyproject.toml and used by the
 * in-process ruff that normalises the generated Python, so both always agree.
 */
export interface RuffSettings {
  lineLength: number;
  targetVersion: string;
  knownFirstParty: string[];
  /** `alembic/` at the project root would otherwise make ruff treat the alembic package as first-party. */
  knownThirdParty: string[];
}

export function ruffSettings(packageName: string): RuffSettings {
  return {
    lineLength: 88,
    targetVersion: "py310",
    knownFirstParty: [packageName, "tests"],
    knownThirdParty: ["alembic"],
  };
}
