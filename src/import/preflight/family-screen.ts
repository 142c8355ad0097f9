/**
 * The pre-flight of a parent-child import (`children`), shared by `import()` and `check()`. The
 * parent module is prepared like a plain import (`columns` or the first record's keys, child keys
 * left out; the caller's `fieldMappings` and `dateFormats`), its plan then writing the parent CSV;
 * each child module at its first child row (its columns: `Parent_Id`, then that row's keys), so a
 * child key first filled in a later record is still checked. Each family is then
 * written and judged row by row: the parent by the parent module's row checker, each child row by
 * its module's, with the `Parent_Id` the import writes. A child of a parent with a problem gets a
 * `parent_skipped` problem as well: Zoho skips it (its `Parent_Id` stays empty, MANDATORY_NOT_FOUND).
 */
import { ZohoApiError } from '../../core/errors.js';
import type { CheckedImport } from '../check-import.js';
import type { Family, FamilyShape } from '../families.js';
import type { ImportDeps, InputRecord } from '../import-params.js';
import type { ChildRowResult, FamilyRowResult } from '../join-children.js';
import { type ImportPlan, planImport } from '../plan-columns.js';
import type { ColumnProblem } from './column-check.js';
import { columnsError, type PreparedImport, prepareImport } from './prepare.js';
import {
  type CheckedRow,
  localSkip,
  problemErrors,
  type RowChecker,
  type RowProblem,
  rowCells,
} from './row-check.js';

type Mode = Exclude<CheckedImport['preflight'], false>;

/** A module's row checker (undefined: its fields were not read) and its plan (columns, mappings, dates). */
interface PreparedModule {
  checker: RowChecker | undefined;
  plan: ImportPlan;
}

/** A family written and judged: the parent's row, and every child row per key, in input order. */
export interface ScreenedFamily {
  index: number;
  parent: CheckedRow;
  children: Record<string, CheckedRow[]>;
}

const LINK = 'Parent_Id';

export class FamilyPreflight {
  /** Column problems found so far (parent first, then each child module as its first row is seen). */
  readonly columnProblems: ColumnProblem[] = [];
  readonly #deps: ImportDeps;
  readonly #checked: CheckedImport & { preflight: Mode };
  readonly #shape: FamilyShape;
  readonly #signal: AbortSignal | undefined;
  /** Column problems throw (`import`) rather than being collected (`check`). */
  readonly #strict: boolean;
  #parent: PreparedModule | undefined;
  readonly #children = new Map<string, PreparedModule>();

  private constructor(
    deps: ImportDeps,
    checked: CheckedImport & { preflight: Mode },
    shape: FamilyShape,
    opts: { signal: AbortSignal | undefined; strict: boolean },
  ) {
    this.#deps = deps;
    this.#checked = checked;
    this.#shape = shape;
    this.#signal = opts.signal;
    this.#strict = opts.strict;
  }

  /** Prepares the parent module and the child modules the first record has rows for. */
  static async open(
    deps: ImportDeps,
    checked: CheckedImport & { preflight: Mode },
    shape: FamilyShape,
    first: Family,
    opts: { signal: AbortSignal | undefined; strict: boolean },
  ): Promise<FamilyPreflight> {
    const preflight = new FamilyPreflight(deps, checked, shape, opts);
    const p = checked.params;
    preflight.#parent = await preflight.#prepare(p.module, first.parent, undefined);
    for (const [key, rows] of Object.entries(first.children)) {
      if (rows[0] !== undefined) await preflight.#child(key, rows[0], first.index);
    }
    return preflight;
  }

  /** Whether the parent module's fields were read (false: `'auto'` went on without them). */
  get fieldsRead(): boolean {
    return this.#parent?.checker !== undefined;
  }

  /** The parent's plan: the caller's columns, mappings and date formats, every date column's declared. */
  get parentPlan(): ImportPlan {
    return this.#parent!.plan;
  }

  /** The date format declared for a column of the child module under `key`. */
  childFormat(key: string, column: string): string | undefined {
    return this.#children.get(key)?.plan.dateFormats[column];
  }

  /** Writes and judges every row of a family. */
  async screen(family: Family): Promise<ScreenedFamily> {
    const { index } = family;
    const parent = this.#parent?.checker?.check(family.parent, index) ?? unchecked(family.parent);
    const skipped = parent.problems.length > 0;
    const children: Record<string, CheckedRow[]> = {};
    for (const [key, rows] of Object.entries(family.children)) {
      const checker = rows[0] === undefined ? undefined : (await this.#child(key, rows[0], index)).checker;
      children[key] = rows.map((record, position) => {
        const child = { key, position };
        const linked = { ...record, [LINK]: index + 1 };
        const checked = checker?.check(linked, index) ?? unchecked(linked);
        for (const list of [checked.problems, checked.warnings]) for (const p of list) p.child = child;
        if (skipped) checked.problems.unshift(parentSkipped(index, child));
        return checked;
      });
    }
    return { index, parent, children };
  }

  async #child(key: string, sample: InputRecord, index: number): Promise<PreparedModule> {
    let prepared = this.#children.get(key);
    if (prepared === undefined) {
      const module = this.#shape.children[key]!;
      prepared = await this.#prepare(module, { [LINK]: index + 1, ...sample }, key);
      this.#children.set(key, prepared);
    }
    return prepared;
  }

  /** Reads a module's fields, checks its columns (from `first`) and builds its row checker. */
  async #prepare(module: string, first: InputRecord, key: string | undefined): Promise<PreparedModule> {
    const p = this.#checked.params;
    const child = key !== undefined;
    // The parent is planned as a plain import (the caller's columns, mappings and date formats);
    // a child module by its header (`Parent_Id`, then its first row's keys).
    const params = child ? { module, operation: 'insert' as const } : p;
    const checked: CheckedImport = { ...this.#checked, params };
    let prepared: PreparedImport;
    try {
      prepared = await prepareImport(this.#deps, { ...params, records: [] }, checked, first, this.#signal);
    } catch (error) {
      // A child module whose fields cannot be read (an org without that subform's listing) is not
      // checked under 'auto': the child check is a bonus, the job itself will say what is wrong.
      const mode = this.#checked.preflight;
      if (!child || mode !== 'auto' || this.#signal?.aborted || !ZohoApiError.isInstance(error)) throw error;
      this.#deps.log?.({ type: 'import-preflight-skipped', module, reason: error.message, code: error.code });
      return { checker: undefined, plan: planImport(params, params, first) };
    }
    const problems = child
      ? prepared.columnProblems.map((c) => ({ ...c, column: `${key}[].${c.column}` }))
      : prepared.columnProblems;
    this.columnProblems.push(...problems);
    if (this.#strict && problems.length > 0) throw columnsError(p.module, this.columnProblems);
    return { checker: prepared.checker, plan: prepared.plan };
  }
}

/** A row written as it is (no fields read for its module). */
const unchecked = (record: InputRecord): CheckedRow => ({ row: { ...record }, problems: [], warnings: [] });

const parentSkipped = (index: number, child: { key: string; position: number }): RowProblem => ({
  index,
  child,
  field: LINK,
  code: 'MANDATORY_NOT_FOUND',
  rule: 'parent_skipped',
  message: `the parent row (${index + 1}) is skipped, so ${LINK} stays empty`,
});

/** A child row not sent, as its result: SKIPPED, `local: true` (its row without the link column). */
function localChild(checked: CheckedRow): ChildRowResult {
  const { [LINK]: _link, ...row } = rowCells(checked);
  return { status: 'SKIPPED', recordId: null, errors: problemErrors(checked.problems), row, local: true };
}

/**
 * What goes to the job of a screened family: the family with its written rows, the child rows
 * `hold` keeps back recorded under `held`; or, when `hold` keeps the parent back, the whole
 * family's local result (every child SKIPPED with it).
 */
export function sendFamily(
  screened: ScreenedFamily,
  hold: (row: CheckedRow) => boolean,
): { family: Family; local?: undefined } | { local: FamilyRowResult } {
  const { index } = screened;
  if (hold(screened.parent)) {
    const local: FamilyRowResult = localSkip(index, screened.parent);
    local.children = {};
    for (const [key, rows] of Object.entries(screened.children)) local.children[key] = rows.map(localChild);
    return { local };
  }
  const family: Family = { index, parent: screened.parent.row, children: {} };
  for (const [key, rows] of Object.entries(screened.children)) {
    const sent: InputRecord[] = [];
    const held: NonNullable<Family['held']>[string] = [];
    for (const [position, row] of rows.entries()) {
      if (hold(row)) held.push({ position, result: localChild(row) });
      else sent.push(row.row);
    }
    family.children[key] = sent;
    if (held.length > 0) family.held = { ...family.held, [key]: held };
  }
  return { family };
}
