// `node --import ./scripts/trace-loads.js …` appends every module URL Node loads to $TRACE_LOADS.
import { register } from "node:module";

if (process.env.TRACE_LOADS) {
  register(
    "data:text/javascript," +
      encodeURIComponent(`
        import { appendFileSync } from "node:fs";
        export async function load(url, context, next) {
          appendFileSync(${JSON.stringify(process.env.TRACE_LOADS)}, url + "\\n");
          return next(url, context);
        }`),
  );
}
