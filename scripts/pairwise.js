// Pairwise (2-way) covering array over the generator's options, computed, not hand-picked.
// Parameters and constraints come from the option definitions: an option that does not apply
// given earlier answers (its `inapplicable` rule) takes no value in that configuration, and pairs
// are only required between values that can actually occur together.
import { defaultConventions } from "../dist/conventions/vocabulary.js";
import { OPTIONS } from "../dist/options/definitions.js";
import { resolveLeniently } from "../dist/options/resolve.js";

/** Values tried for options that are not enums or booleans. */
const EXTRA_VALUES = {
  apiPrefix: ["/api/v1", "/api", ""],
};
/** Options whose variation does not change the generated Python's behaviour, or is derived. */
const FIXED = new Set([
  "projectName",
  "packageName",
  "pythonVersion",
  "outputDir",
  "routersDir",
  "paginationEnvelope",
  "sampleResource",
]);

export function parameters() {
  return OPTIONS.filter((o) => !FIXED.has(o.key))
    .map((o) => ({
      key: o.key,
      values:
        o.kind === "enum"
          ? [...o.choices]
          : o.kind === "boolean"
            ? [true, false]
            : (EXTRA_VALUES[o.key] ?? []),
      inapplicable: o.inapplicable,
    }))
    .filter((p) => p.values.length > 1);
}

/** Mulberry32: a small seeded PRNG, so the matrix is the same on every run. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random valid configuration: options in definition order, inapplicable ones left out. */
function randomConfig(params, random, preset = {}) {
  const config = {};
  for (const p of params) {
    if (p.inapplicable?.(config)) continue;
    config[p.key] =
      p.key in preset ? preset[p.key] : p.values[Math.floor(random() * p.values.length)];
  }
  return config;
}

const pairKey = (a, av, b, bv) => `${a}=${JSON.stringify(av)}&${b}=${JSON.stringify(bv)}`;

function pairsOf(params, config) {
  const keys = params.map((p) => p.key).filter((k) => k in config);
  const pairs = [];
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++)
      pairs.push(pairKey(keys[i], config[keys[i]], keys[j], config[keys[j]]));
  }
  return pairs;
}

/** True when the generator accepts the configuration as explicit answers. */
export function isValid(config) {
  return (
    resolveLeniently({ conventions: defaultConventions(), explicit: config }).problems.length === 0
  );
}

/**
 * Every pair of values that can occur together, found by seeding each pair into a configuration
 * (the pair's options first, the rest at random) until one is valid.
 */
export function feasiblePairs(params, random) {
  const feasible = new Set();
  for (let i = 0; i < params.length; i++) {
    for (let j = i + 1; j < params.length; j++) {
      for (const av of params[i].values) {
        for (const bv of params[j].values) {
          const key = pairKey(params[i].key, av, params[j].key, bv);
          for (let attempt = 0; attempt < 200; attempt++) {
            const config = randomConfig(params, random, {
              [params[i].key]: av,
              [params[j].key]: bv,
            });
            if (config[params[i].key] === av && config[params[j].key] === bv && isValid(config)) {
              feasible.add(key);
              break;
            }
          }
        }
      }
    }
  }
  return feasible;
}

/** Greedy (AETG-style): add the candidate covering the most uncovered pairs until none are left. */
export function coveringArray({ seed = 20261122, candidates = 300 } = {}) {
  const params = parameters();
  const random = prng(seed);
  const uncovered = feasiblePairs(params, random);
  const total = uncovered.size;
  const rows = [];
  while (uncovered.size > 0) {
    let best = null;
    let bestGain = 0;
    const [firstPair] = uncovered;
    const [left, right] = firstPair.split("&").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at), JSON.parse(part.slice(at + 1))];
    });
    for (let c = 0; c < candidates; c++) {
      // half of the candidates are seeded with an uncovered pair so progress is guaranteed
      const preset = c % 2 === 0 ? { [left[0]]: left[1], [right[0]]: right[1] } : {};
      const config = randomConfig(params, random, preset);
      if (!isValid(config)) continue;
      const gain = pairsOf(params, config).filter((p) => uncovered.has(p)).length;
      if (gain > bestGain) {
        best = config;
        bestGain = gain;
      }
    }
    if (!best) throw new Error(`no valid configuration covers ${firstPair}`);
    for (const p of pairsOf(params, best)) uncovered.delete(p);
    rows.push(best);
  }
  return { rows, pairs: total, params };
}

/** Check a set of rows against the feasible pairs (used by the tests). */
export function uncoveredPairs(rows, seed = 7) {
  const params = parameters();
  const feasible = feasiblePairs(params, prng(seed));
  for (const row of rows) for (const p of pairsOf(params, row)) feasible.delete(p);
  return [...feasible];
}

/** `--orm sqlalchemy --no-rbac …` for `fastapi-agent new`. */
export function toFlags(config) {
  const flags = [];
  for (const [key, value] of Object.entries(config)) {
    const opt = OPTIONS.find((o) => o.key === key);
    if (typeof value === "boolean") flags.push(value ? `--${opt.flag}` : `--no-${opt.flag}`);
    else flags.push(`--${opt.flag}=${value}`);
  }
  return flags;
}
