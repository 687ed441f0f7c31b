/**
 * Infer the conventions an agent spec asks for. Fields are decided in vocabulary order, so the
 * defaults that depend on earlier fields (layers on layout, the list envelope on pagination, user
 * isolation on auth) and the fields that only apply to some auth modes see decided values.
 */
import type { AgentSpec, SpecWarning } from "../agent-file/types.js";
import { segmentSpec, type Segment } from "./context.js";
import { inferResources } from "../resources/infer.js";
import { decideField, findMentions, type Candidate, type Mention } from "./engine.js";
import { notOfferedWarnings } from "./not-offered.js";
import { readPoolSettings, type PoolReading } from "./pool.js";
import { FIELD_POLICIES, type LayerField, type RuleField } from "./rules.js";
import {
  AUTH_MODES,
  COMMENT_STYLES,
  CONVENTION_FIELDS,
  DATA_ACCESS,
  DATABASES,
  DEFAULT_LAYERS,
  ERROR_FORMATS,
  ID_TYPES,
  JWT_LIBRARIES,
  LAYOUTS,
  MIGRATIONS,
  ORMS,
  PAGINATIONS,
  PASSWORD_HASHERS,
  POOL_FIELDS,
  REFRESH_STORAGES,
  defaultValue,
  type ConventionField,
  type ConventionValues,
  type Conventions,
  type Decided,
  type Evidence,
  type LayerPart,
  type Layers,
  type PoolField,
} from "./vocabulary.js";

export interface InferenceResult {
  conventions: Conventions;
  warnings: SpecWarning[];
}

/** The fields decided by the rule table (all but name, agentMemory and the composite layers). */
export type RuledField = Exclude<
  ConventionField,
  "name" | "agentMemory" | "layers" | "resources" | PoolField
>;

const oneOf =
  (values: readonly string[]) =>
  (value: unknown): boolean =>
    typeof value === "string" && values.includes(value);
const isBoolean = (value: unknown): boolean => typeof value === "boolean";
const isNames = (value: unknown): boolean =>
  Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string");

/** Runtime check that a voted value belongs to the field's vocabulary. */
const VALID: { [F in RuledField | LayerField]: (value: unknown) => boolean } = {
  orm: oneOf(ORMS),
  database: oneOf(DATABASES),
  migrations: oneOf(MIGRATIONS),
  auth: oneOf(AUTH_MODES),
  refreshTokens: isBoolean,
  refreshTokenStorage: oneOf(REFRESH_STORAGES),
  passwordHashing: oneOf(PASSWORD_HASHERS),
  jwtLibrary: oneOf(JWT_LIBRARIES),
  layout: oneOf(LAYOUTS),
  idType: oneOf(ID_TYPES),
  timestamps: isBoolean,
  softDelete: isBoolean,
  pagination: oneOf(PAGINATIONS),
  paginationEnvelope: isNames,
  filtering: isBoolean,
  apiPrefix: (value) => typeof value === "string" && /^(?:\/[\w-]+)*$/.test(value),
  userIsolation: isBoolean,
  rbac: isBoolean,
  rateLimiting: isBoolean,
  redis: isBoolean,
  cors: isBoolean,
  errorFormat: oneOf(ERROR_FORMATS),
  healthCheck: isBoolean,
  accountLockout: isBoolean,
  comments: oneOf(COMMENT_STYLES),
  sampleResource: (value) => typeof value === "string" && /^[a-z][a-z0-9_-]*$/.test(value),
  packageRoot: (value) => typeof value === "string" && /^[a-z_][a-z0-9_]*$/.test(value),
  "layers.routers": (value) => typeof value === "string" && /^[\w-]+(?:\/[\w-]+)*$/.test(value),
  "layers.services": isBoolean,
  "layers.dataAccess": oneOf(DATA_ACCESS),
};

/** Whether `value` is an allowed value of a field the rule table votes on. */
export function isVocabularyValue(field: RuledField | LayerField, value: unknown): boolean {
  return VALID[field](value);
}

/**
 * Lines of a spec that inference reads. Each line costs every rule a match (tens of microseconds),
 * so a spec of millions of short lines (within the reader's 8 MB) took minutes; real agent specs
 * have a few thousand lines.
 */
export const MAX_INFERENCE_LINES = 50_000;

/** Infer every convention of the vocabulary from a spec, with the warnings inference raised. */
export function inferConventions(spec: AgentSpec): InferenceResult {
  if (spec.lines.length <= MAX_INFERENCE_LINES) return new Inference(spec).run();
  const read = spec.lines.slice(0, MAX_INFERENCE_LINES);
  const result = new Inference({ ...spec, lines: read }).run();
  const last = read[read.length - 1]?.line ?? null;
  result.warnings.unshift({
    line: last,
    message: `the spec has ${spec.lines.length} lines; conventions are read from the first ${MAX_INFERENCE_LINES}, up to this one`,
  });
  return result;
}

class Inference {
  private readonly segments: Segment[];
  private readonly mentions: Mention[];
  private readonly values: Partial<ConventionValues> = {};
  private readonly out: Partial<Conventions> = {};
  private readonly warnings: SpecWarning[] = [];
  private readonly rejected: { field: "orm" | "database"; candidate: Candidate }[] = [];
  private pool: PoolReading | null = null;

  constructor(private readonly spec: AgentSpec) {
    this.segments = segmentSpec(spec);
    this.mentions = findMentions(this.segments);
  }

  run(): InferenceResult {
    for (const field of CONVENTION_FIELDS) this.decide(field);
    this.warnUnsupported();
    // every field is decided by now
    const notApplied = [
      ...notOfferedWarnings(this.segments, this.values as ConventionValues),
      ...(this.pool?.warnings ?? []),
    ];
    this.warnings.push(...notApplied.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
    return { conventions: complete(this.out), warnings: this.warnings };
  }

  private decide(field: ConventionField): void {
    if (field === "name") this.decideName();
    else if (field === "agentMemory") this.decideMemory();
    else if (field === "layers") this.decideLayers();
    else if (field === "resources") this.decideResources();
    else if (isPoolField(field)) this.decidePool(field);
    else this.decideRuled(field);
  }

  private set<K extends ConventionField>(field: K, decided: Decided<ConventionValues[K]>): void {
    this.values[field] = decided.value;
    // (TypeScript cannot index a mapped type with a generic key for writing)
    Object.assign(this.out, { [field]: decided });
  }

  private fallback<K extends ConventionField>(field: K): void {
    this.set(field, {
      value: defaultValue(field, this.values),
      source: "default",
      line: null,
      evidence: null,
    });
  }

  private decideName(): void {
    const line = frontmatterLine(this.spec, "name");
    if (line === null || this.spec.name === "") {
      this.set("name", {
        value: this.spec.name === "" ? defaultValue("name", this.values) : this.spec.name,
        source: "default",
        line: null,
        evidence: null,
      });
      return;
    }
    this.set("name", { value: this.spec.name, source: "spec", ...line });
  }

  private decideMemory(): void {
    const line = frontmatterLine(this.spec, "memory");
    if (this.spec.memory === null || line === null) this.fallback("agentMemory");
    else this.set("agentMemory", { value: this.spec.memory, source: "spec", ...line });
  }

  /** The spec's entities, with the line of the first one (see src/resources/infer.ts). */
  private decideResources(): void {
    const inferred = inferResources(this.segments, { users: this.values.auth === "jwt" });
    this.warnings.push(...inferred.warnings);
    if (inferred.resources.length === 0 || inferred.line === null) {
      this.fallback("resources");
      return;
    }
    this.set("resources", {
      value: inferred.resources,
      source: "spec",
      line: inferred.line,
      evidence: inferred.evidence,
    });
  }

  /** A pool setting the spec states for the database's engine (see pool.ts). */
  private decidePool(field: PoolField): void {
    this.pool ??= readPoolSettings(this.segments);
    const stated = this.pool.decided[field];
    if (stated === undefined) this.fallback(field);
    else this.set(field, { ...stated, source: "spec" } as Decided<ConventionValues[PoolField]>);
  }

  private decideRuled<K extends RuledField>(field: K): void {
    const decision = decideField(field, this.mentions);
    if ((field === "orm" || field === "database") && decision.unsupported !== null) {
      this.rejected.push({ field, candidate: decision.unsupported });
    }
    const winner = decision.winner;
    if (winner === null || !VALID[field](winner.value)) {
      this.fallback(field);
      return;
    }
    const unmet = this.unmetNeed(field);
    if (unmet !== null) {
      this.warnings.push({
        line: winner.evidence.segment.line,
        message: `${field} (${JSON.stringify(winner.value)}) is ignored: ${unmet}`,
      });
      this.fallback(field);
      return;
    }
    this.set(field, spec(winner.value as ConventionValues[K], winner.evidence));
  }

  /** Why a field does not apply with the values decided so far, or null when it does. */
  private unmetNeed(field: RuleField): string | null {
    const policy = FIELD_POLICIES[field];
    const auth = this.values.auth ?? "jwt";
    if (policy.needsAuth !== null && !policy.needsAuth.includes(auth)) {
      const own = policy.needsAuth.length === 1 && policy.needsAuth[0] === "jwt";
      return own
        ? `it needs the project's own users (auth "jwt"), but auth is "${auth}"`
        : `it needs auth ${policy.needsAuth.map((a) => `"${a}"`).join(" or ")}, but auth is "${auth}"`;
    }
    if (policy.needsRefreshTokens && this.values.refreshTokens !== true) {
      return "the project has no refresh tokens";
    }
    if (policy.needsRateLimiting && this.values.rateLimiting !== true) {
      return "the project has no rate limiting";
    }
    return null;
  }

  /** Layers from their sub-fields; sub-fields the spec does not state come from the layout. */
  private decideLayers(): void {
    const layout = this.values.layout ?? "layered";
    const base: Layers = { ...DEFAULT_LAYERS[layout] };
    const decided: Candidate[] = [];
    const take = (field: LayerField): Candidate | null => {
      const winner = decideField(field, this.mentions).winner;
      if (winner === null || !VALID[field](winner.value)) return null;
      decided.push(winner);
      return winner;
    };
    const routers = take("layers.routers");
    const services = take("layers.services");
    const dataAccess = take("layers.dataAccess");
    const strongest = decided.sort(
      (a, b) => b.score - a.score || a.evidence.segment.index - b.evidence.segment.index,
    )[0];
    if (strongest === undefined) {
      this.fallback("layers");
      return;
    }
    const value: Layers = {
      routers: typeof routers?.value === "string" ? routers.value : base.routers,
      services: typeof services?.value === "boolean" ? services.value : base.services,
      dataAccess: (dataAccess?.value as Layers["dataAccess"] | undefined) ?? base.dataAccess,
    };
    const parts: Partial<Record<LayerPart, Evidence>> = {};
    for (const [part, candidate] of [
      ["routers", routers],
      ["services", services],
      ["dataAccess", dataAccess],
    ] as const) {
      if (candidate !== null) parts[part] = evidenceOf(candidate.evidence);
    }
    this.set("layers", { ...spec(value, strongest.evidence), parts });
  }

  /** "MongoDB (Beanie) is not offered; using sqlalchemy with postgresql" — one warning per line. */
  private warnUnsupported(): void {
    const byLine = new Map<number, string[]>();
    // the database first: "MongoDB (Beanie)"
    const rank = (field: "orm" | "database"): number => (field === "database" ? 0 : 1);
    const order = [...this.rejected].sort((a, b) => rank(a.field) - rank(b.field));
    for (const { candidate } of order) {
      const line = candidate.evidence.segment.line;
      byLine.set(line, [...(byLine.get(line) ?? []), candidate.unsupported ?? ""]);
    }
    const using = `using ${this.values.orm ?? "sqlalchemy"} with ${this.values.database ?? "postgresql"}`;
    for (const [line, names] of [...byLine].sort((a, b) => a[0] - b[0])) {
      const [first, ...rest] = names;
      const name = rest.length === 0 ? first : `${first} (${rest.join(", ")})`;
      this.warnings.push({ line, message: `${name} is not offered; ${using}` });
    }
  }
}

function isPoolField(field: ConventionField): field is PoolField {
  return (POOL_FIELDS as readonly string[]).includes(field);
}

function spec<T>(value: T, evidence: Mention): Decided<T> {
  return { value, source: "spec", ...evidenceOf(evidence) };
}

function evidenceOf(mention: Mention): Evidence {
  return { line: mention.segment.line, evidence: mention.segment.evidence };
}

/** The frontmatter line `key: …` (before the body), with its text. */
function frontmatterLine(spec: AgentSpec, key: string): { line: number; evidence: string } | null {
  const lines = spec.repairedText.split("\n").slice(0, Math.max(0, spec.bodyStartLine - 1));
  const pattern = new RegExp(`^["']?${key}["']?\\s*:`, "i");
  const index = lines.findIndex((text) => pattern.test(text));
  const text = lines[index];
  return index < 0 || text === undefined ? null : { line: index + 1, evidence: text.trim() };
}

function complete(out: Partial<Conventions>): Conventions {
  const missing = CONVENTION_FIELDS.filter((field) => out[field] === undefined);
  if (missing.length > 0) throw new Error(`inference left out ${missing.join(", ")}`);
  return out as Conventions;
}
