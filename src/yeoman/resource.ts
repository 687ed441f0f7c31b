/**
 * `yo fastapi-agent:resource [<plural> <field…>]`: thin glue. It asks for the resource when none is
 * given, checks it against the project (src/generate/add-resource.ts, as `fastapi-agent resource`
 * does), then composes with the app generator, which re-generates the project with the resources
 * as a re-run inside it does (files the user edited are asked about, or kept).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import Generator, { type BaseOptions } from "yeoman-generator";
import { toUserError } from "../errors.js";
import { prepareResource, type PreparedResource } from "../generate/add-resource.js";
import { fieldsOf, problemOf, resourceNameCheck, resourcesOption } from "../options/prompts.js";
import { parseResourceAnswer } from "../resources/parse.js";

const APP = path.join(path.dirname(fileURLToPath(import.meta.url)), "app.js");

type Options = BaseOptions & {
  definition?: string[];
  change?: boolean;
  force?: boolean;
  skipInstall?: boolean;
} & Record<string, unknown>;

export default class ResourceGenerator extends Generator<Record<string, unknown>, Options> {
  private prepared!: PreparedResource;

  constructor(args: string[], options: Options) {
    super(args, options, { customInstallTask: true });
    this.argument("definition", {
      type: Array,
      required: false,
      description: "<plural> name:type[:modifier…] … (asked when not given)",
    });
    this.option("change", {
      type: Boolean,
      description: "Replace the fields of an existing resource with the full new list given",
    });
  }

  async prompting(): Promise<void> {
    let [plural = "", ...fields] = this.options.definition ?? [];
    if (plural === "") {
      // The same questions and checks as the app's resource loop (texts in the option definition).
      const loop = resourcesOption().loop;
      const answers = (await this.prompt([
        {
          type: "input",
          name: "plural",
          message: loop.name,
          validate: (value: string) => resourceNameCheck(value),
        },
        {
          type: "input",
          name: "fields",
          message: (previous: { plural?: string }) => loop.fields(previous.plural?.trim() ?? ""),
          validate: (value: string, previous?: { plural?: string }) =>
            problemOf(() =>
              parseResourceAnswer({
                name: previous?.plural?.trim() ?? "",
                fields: fieldsOf(value),
              }),
            ),
        },
      ] as never)) as { plural: string; fields: string };
      plural = answers.plural.trim();
      fields = fieldsOf(answers.fields);
    }
    try {
      this.prepared = prepareResource({
        project: this.destinationRoot(),
        plural,
        fields,
        change: this.options.change === true,
      });
    } catch (error) {
      throw toUserError(error);
    }
  }

  async configuring(): Promise<void> {
    await this.composeWith(APP, {
      generatorOptions: {
        resource: this.prepared.resources,
        defaults: true,
        force: this.options.force === true,
        skipInstall: this.options.skipInstall === true,
      } as never,
    });
  }
}
