/**
 * Resources read from a spec: model classes, tables of columns and entity lists, never examples;
 * the result is always a valid set (or none), with the line that decided it.
 */
import { describe, expect, it } from "vitest";
import { segmentSpec } from "../../src/conventions/context.js";
import { inferResources, MAX_INFERRED_RESOURCES, typeFromWord } from "../../src/resources/infer.js";
import { resolveResources, SAMPLE_FIELDS } from "../../src/resources/parse.js";
import { resolveAnswers } from "../../src/options/resolve.js";
import { bodyLine, infer, specOf } from "../conventions/helpers.js";

const read = (body: string[], users = true) => inferResources(segmentSpec(specOf(body)), { users });
const defs = (body: string[], users = true) =>
  Object.fromEntries(read(body, users).resources.map((r) => [r.name, r.fields]));

const SQLALCHEMY = [
  "# Shelf keeper",
  "",
  "Our data model:",
  "",
  "```python",
  "class Genre(str, enum.Enum):",
  '    FICTION = "fiction"',
  '    ESSAY = "essay"',
  "",
  "class Volume(Base):",
  '    __tablename__ = "volumes"',
  "    id: Mapped[int] = mapped_column(primary_key=True)",
  "    title: Mapped[str] = mapped_column(String(180), unique=True)",
  "    cost: Mapped[Decimal] = mapped_column(Numeric(8, 3))",
  "    genre: Mapped[Genre] = mapped_column(SAEnum(Genre))",
  "    note: Mapped[str | None] = mapped_column(Text)",
  "    writer_id: Mapped[int] = mapped_column(",
  '        ForeignKey("writers.id"), index=True',
  "    )",
  '    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))',
  '    reviewer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))',
  "    scan: Mapped[bytes] = mapped_column(LargeBinary)",
  "    created_at: Mapped[datetime] = mapped_column(server_default=func.now())",
  '    writer: Mapped["Writer"] = relationship(back_populates="volumes")',
  "",
  "    def label(self) -> str:",
  "        shown: str = self.title",
  "        return shown",
  "",
  "class Writer(Base):",
  '    __tablename__ = "writers"',
  "    id: Mapped[int] = mapped_column(primary_key=True)",
  "    full_name: Mapped[str] = mapped_column(String(90))",
  "    active: Mapped[bool] = mapped_column(default=True)",
  "```",
];

describe("model classes in code", () => {
  it("SQLAlchemy 2: types, lengths, optional, unique, enums, references; generated columns left out", () => {
    const found = read(SQLALCHEMY);
    expect(defs(SQLALCHEMY)).toEqual({
      volumes: [
        "title:str:180:unique",
        "cost:decimal:8:3",
        "genre:enum:fiction,essay",
        "note:text:optional",
        "writer:ref:writers",
        "reviewer:ref:users:optional",
      ],
      writers: ["full_name:str:90", "active:bool:default=true"],
    });
    expect(found.line).toBe(bodyLine(SQLALCHEMY, "class Volume(Base)"));
    expect(found.evidence).toBe("class Volume(Base):");
    expect(found.warnings.map((w) => w.message)).toEqual([
      "resources: volumes.scan: its type is not one the generator knows; left out",
    ]);
    // A valid set, ordered by reference.
    expect(resolveResources(found.resources, { users: true }).map((d) => d.plural)).toEqual([
      "writers",
      "volumes",
    ]);
  });

  it("without a users table, a reference to users is left out, with a warning", () => {
    const found = read(SQLALCHEMY, false);
    expect(found.resources[0]!.fields).not.toContain("reviewer:ref:users:optional");
    expect(found.warnings.map((w) => w.message)).toContain(
      "resources: volumes.reviewer: references users, but the project has no users table; left out",
    );
  });

  it("SQLModel tables, with the fields of their base schema; schemas beside them are not resources", () => {
    const body = [
      "```python",
      "class GardenBase(SQLModel):",
      "    label: str = Field(max_length=60, index=True)",
      "    area: float | None = None",
      "",
      "class Garden(GardenBase, table=True):",
      "    id: int | None = Field(default=None, primary_key=True)",
      '    user_id: int = Field(foreign_key="users.id")',
      "    planted: date",
      "",
      "class GardenCreate(GardenBase):",
      "    pass",
      "",
      "class GardenRead(GardenBase):",
      "    id: int",
      "```",
    ];
    expect(defs(body)).toEqual({
      gardens: ["label:str:60:index", "area:float:optional", "planted:date"],
    });
  });

  it("pydantic schemas only when no table model exists, and only an entity with two of them", () => {
    const body = [
      "```python",
      "class ParcelCreate(BaseModel):",
      "    weight_kg: float",
      "    tracking: str",
      "",
      "class ParcelRead(ParcelCreate):",
      "    id: int",
      "    shipped_at: datetime | None",
      "",
      "class LoginRequest(BaseModel):",
      "    email: EmailStr",
      "```",
    ];
    expect(defs(body)).toEqual({
      parcels: ["weight_kg:float", "tracking:str", "shipped_at:datetime:optional"],
    });
  });

  it("placeholder classes of illustrative code are not entities", () => {
    const body = ["```python", "class Resource(Base):", "    title: Mapped[str]", "```"];
    expect(read(body).resources).toEqual([]);
  });
});

describe("tables and lists", () => {
  it("a table of columns under a heading naming the entity", () => {
    const body = [
      "### The `lockers` table",
      "",
      "| Column | Type | Notes |",
      "| --- | --- | --- |",
      "| id | integer | primary key |",
      "| code | varchar(12) | unique |",
      "| capacity_l | numeric(6,1) | |",
      "| station_id | int | FK → stations.id |",
      "| opened_on | date | nullable |",
      "",
      "### Station",
      "",
      "| Field | Type |",
      "|---|---|",
      "| city | string |",
    ];
    const found = read(body);
    expect(defs(body)).toEqual({
      lockers: [
        "code:str:12:unique",
        "capacity_l:decimal:6:1",
        "station:ref:stations",
        "opened_on:date:optional",
      ],
      stations: ["city:str"],
    });
    expect(found.line).toBe(bodyLine(body, "| Column | Type"));
  });

  it("an entity list: name (type, modifiers) and arrows for references", () => {
    const body = [
      "Entities:",
      "",
      "- **Boat**: name (string, required), berth (int, unique), skipper → Sailor",
      "- **Sailor**: nickname (varchar(40)), licensed (boolean, optional) (e.g. a skipper's ticket). Sailors sign up themselves.",
      "- **Rule**: always validate input, log every request",
    ];
    expect(defs(body)).toEqual({
      boats: ["name:str", "berth:int:unique", "skipper:ref:sailors"],
      sailors: ["nickname:str:40", "licensed:bool:optional"],
    });
  });

  it("tables and lists of settings, parameters or environment variables are no entities", () => {
    const body = [
      "### Settings",
      "",
      "| Name | Type | Default |",
      "| --- | --- | --- |",
      "| DATABASE_URL | string | sqlite |",
      "| debug | bool | false |",
      "",
      "### `Query` parameters",
      "",
      "| Field | Type |",
      "| --- | --- |",
      "| limit | int |",
      "",
      "### Payments",
      "",
      "| Field | Type | Notes |",
      "| --- | --- | --- |",
      "| provider | Stripe or PayPal | see docs |",
      "| reference | opaque token | |",
      "",
      "- **Config**: debug (bool), workers (int)",
    ];
    expect(read(body).resources).toEqual([]);
  });

  it("types named in prose", () => {
    expect(typeFromWord("varchar(80)")).toBe("str:80");
    expect(typeFromWord("VARCHAR(5000)")).toBe("text");
    expect(typeFromWord("decimal(12, 4)")).toBe("decimal:12:4");
    expect(typeFromWord("enum(low|high)")).toBe("enum:low,high");
    expect(typeFromWord("timestamptz")).toBe("datetime");
    expect(typeFromWord("blob")).toBeNull();
  });
});

describe("what is never taken, and what is always valid", () => {
  it("not from <example> blocks, example sections or e.g. asides", () => {
    const body = [
      "<example>",
      "- **Kayak**: hull (string), seats (int)",
      "</example>",
      "",
      "## Usage examples",
      "",
      "```python",
      "class Canoe(Base):",
      "    hull: Mapped[str]",
      "```",
      "",
      "Model your entities (e.g. - **Raft**: deck (int), crew (int)).",
    ];
    expect(read(body).resources).toEqual([]);
  });

  it("references to undescribed entities and cycles are dropped with a warning; the set validates", () => {
    const body = [
      "- **Ferry**: title (str), route → Route, port → Harbour",
      "- **Harbour**: city (str), flagship → Ferry",
    ];
    const found = read(body);
    expect(defs(body)).toEqual({
      ferries: ["title:str", "port:ref:harbours"],
      harbours: ["city:str"],
    });
    expect(found.warnings.map((w) => w.message)).toEqual([
      "resources: ferries.route: references routes, but the spec does not describe routes; left out",
      "resources: harbours.flagship: references ferries, which references it back; left out",
    ]);
    expect(() => resolveResources(found.resources, { users: false })).not.toThrow();
  });

  it("at most MAX_INFERRED_RESOURCES resources, the rest left out with one warning", () => {
    const letters = (i: number) =>
      String.fromCharCode(97 + (i % 26)) + String.fromCharCode(97 + Math.floor(i / 26));
    const body = Array.from(
      { length: MAX_INFERRED_RESOURCES + 5 },
      (_, i) => `- **Pier${letters(i)}**: name (string), depth (int)`,
    );
    const found = read(body);
    expect(found.resources).toHaveLength(MAX_INFERRED_RESOURCES);
    expect(found.warnings.map((w) => w.message)).toEqual([
      `resources: the spec describes more than ${MAX_INFERRED_RESOURCES} entities; pieruas and those after it are left out`,
    ]);
  });

  it("a spec that describes no entity infers none, and the sample resource stays the default", () => {
    const { conventions } = infer(["Build a FastAPI service with PostgreSQL."]);
    expect(conventions.resources).toMatchObject({ value: [], source: "default" });
    const { answers } = resolveAnswers({ conventions });
    expect(answers.resources.map((r) => r.name)).toEqual(["items"]);
  });

  it("the spec's resources are the default answer, with their line as the reason", () => {
    const { conventions } = infer(SQLALCHEMY);
    expect(conventions.resources.source).toBe("spec");
    const resolved = resolveAnswers({ conventions });
    expect(resolved.answers.resources.map((r) => r.name)).toEqual(["volumes", "writers"]);
    expect(resolved.reasons.resources).toMatch(/^from line \d+: class Volume\(Base\):/);
    // Without users, the spec's resources that reference users give way to the sample resource.
    const none = resolveAnswers({ conventions, explicit: { auth: "none" } });
    expect(none.answers.resources).toEqual([
      { name: none.answers.sampleResource, fields: [...SAMPLE_FIELDS] },
    ]);
  });
});
