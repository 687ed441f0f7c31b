/** A template that failed to render, or rendered something unusable. One line, naming the file. */
export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RenderError";
  }
}
