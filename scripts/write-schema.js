// Writes schema/answers.schema.json from the option definitions (run by `npm run build`).
import { writeFileSync } from "node:fs";
import { answersSchema } from "../dist/options/schema.js";

const target = new URL("../schema/answers.schema.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(answersSchema(), null, 2)}\n`);
