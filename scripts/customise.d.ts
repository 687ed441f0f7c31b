export const ROUTER_TEMPLATE: string;
export const DIRECT_ROUTER_TEMPLATE: string;
export function routerTemplateFor(services: boolean): string;
export function routerTemplateOf(dir: string): string;
export const ROUTER_EDITS: Array<[from: string, to: string]>;
export const EXTRA_TEMPLATE: string;
export const EXTRA_TEMPLATE_TEXT: string;
export function applyEdit(text: string, edit: [string, string], file: string): string;
export function customise(dir: string, bin: string): string;
