/**
 * Libraries a spec may name that a generated project deliberately does not use, and why. The
 * generated README lists the ones the spec mentions, so nobody wonders where they went.
 */
import type { ConventionValues } from "../conventions/vocabulary.js";

interface Substitution {
  /** How the spec names the library. */
  mention: RegExp;
  /** Applies to projects with these conventions. */
  when: (c: ConventionValues) => boolean;
  note: string;
}

const SUBSTITUTIONS: Substitution[] = [
  {
    mention: /\bpasslib\b|\bCryptContext\b/i,
    when: (c) => c.auth === "jwt",
    note: "The agent spec names passlib. passlib is unmaintained and breaks with bcrypt 4.1 and later, so passwords are hashed with the `bcrypt` (or `argon2-cffi`) package directly.",
  },
  {
    mention: /\bpython-jose\b|\bfrom jose\b/i,
    when: (c) => c.auth !== "none" && c.jwtLibrary === "python-jose",
    note: "The agent spec names python-jose. python-jose is barely maintained and depends on `ecdsa`, which has a timing side-channel advisory its maintainers will not fix (CVE-2024-23342), so tokens are issued and verified with PyJWT.",
  },
  {
    mention: /\bslowapi\b/i,
    when: (c) => c.rateLimiting,
    note: "The agent spec names slowapi. Rate limiting is a small in-process limiter instead (`rate_limit.py`): one fewer dependency, and easy to swap for a Redis-backed one.",
  },
  {
    mention: /\bpython-dotenv\b/i,
    when: () => true,
    note: "The agent spec names python-dotenv. pydantic-settings reads `.env` files itself, so it is not a dependency.",
  },
];

export function substitutions(specText: string, c: ConventionValues): string[] {
  return SUBSTITUTIONS.filter((s) => s.when(c) && s.mention.test(specText)).map((s) => s.note);
}
