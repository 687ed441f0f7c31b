/**
 * A plan for a minimal agent spec named "demo" with the default conventions: for tests that look
 * at what the templates render, not at inference.
 */
import type { AgentSpec } from "../../src/agent-file/types.js";
import { defaultConventions } from "../../src/conventions/vocabulary.js";
import { resolveAnswers } from "../../src/options/resolve.js";
import { buildPlan, type Plan } from "../../src/plan/plan.js";

export function demoPlan(): Plan {
  const conventions = defaultConventions();
  const spec = {
    name: "demo",
    description: "d",
    frontmatter: {},
    body: "",
    repairedText: "",
    memory: null,
  } as unknown as AgentSpec;
  return buildPlan(
    { spec, conventions, warnings: [] },
    resolveAnswers({ conventions, explicit: { projectName: "demo" } }).answers,
  );
}
