// `yo fastapi-agent:resource`: the compiled TypeScript in dist/ (built by `npm run build`).
export { default } from "../../dist/yeoman/resource.js";
