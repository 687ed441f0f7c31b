// The generator `yo fastapi-agent` runs: the compiled TypeScript in dist/ (built by `npm run build`).
export { default } from "../../dist/yeoman/app.js";
