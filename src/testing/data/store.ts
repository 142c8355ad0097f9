/**
 * The fake org's records: for each module a generated base (record i computed on demand from the
 * seed, never kept) plus an overlay of inserted, updated and deleted records. Records are
 * addressed by position (0 … size-1; base records first, then inserted ones); a deleted position
 * stays empty. Values are CSV text keyed by field api name.
 */

import { subformModule } from '../bulk-write/subform-modules.js';
import { drawIdentity, formatDateTime, Gen, type GenEnv } from './gen.js';
import { builtInModules, genericModule, type ModuleDef, userFields } from './modules.js';
import { hashString, mixSeed, Rng } from './rng.js';
import { currentUser, type FakeUser, makeUsers } from './samples.js';
import { finishRow, newRow } from './written.js';

/** One record as CSV text keyed by field name; `Id` first. */
export type FakeRecord = Record<string, string>;

/** Reads one column (a field or a `Lookup.Field` path) of the record at a position. */
export type ColumnGetter = (values: readonly string[], position: number) => string;

interface ModuleState {
  def: ModuleDef;
  salt: number;
  block: number;
  available: boolean;
  baseCount: number;
  fieldIndex: Map<string, number>;
  updated: Map<number, string[]>;
  deleted: Set<number>;
  inserted: string[][];
}

export interface StoreModuleConfig {
  records: number;
  /** Field list for a custom module. @default a small generic field list */
  def?: ModuleDef;
}

/** Base count assumed for a built-in module that is not configured but is looked up. */
const HIDDEN_MODULE_COUNT = 1000;
const INSERTED_BLOCK = 9;

export class RecordStore implements GenEnv {
  readonly users: FakeUser[];
  private readonly byName = new Map<string, ModuleState>();
  private readonly byBlock = new Map<number, ModuleState>();
  private readonly insertedIds = new Map<string, { state: ModuleState; position: number }>();
  private insertCounter = 0;
  /** Grows with every change of the overlay (lets callers cache what they computed). */
  version = 0;

  constructor(
    private readonly seed: number,
    readonly idPrefix: string,
    config: Readonly<Record<string, StoreModuleConfig>>,
    private readonly now: () => number,
  ) {
    this.users = makeUsers(idPrefix);
    let block = 1;
    const names = [...new Set([...Object.keys(builtInModules), ...Object.keys(config)])];
    for (const name of names) {
      const builtIn = builtInModules[name];
      const conf = config[name];
      const moduleId = this.makeId(0, 2179 + block);
      const def = conf?.def ?? builtIn ?? subformModule(name, moduleId) ?? genericModule(name, moduleId);
      if (block >= INSERTED_BLOCK) throw new RangeError('FakeZoho supports at most 8 modules');
      const state: ModuleState = {
        def,
        salt: hashString(name),
        block,
        available: conf !== undefined,
        baseCount: conf?.records ?? HIDDEN_MODULE_COUNT,
        fieldIndex: new Map(def.fields.map((field, i) => [field.api_name, i])),
        updated: new Map(),
        deleted: new Set(),
        inserted: [],
      };
      this.byName.set(name, state);
      this.byBlock.set(block, state);
      block++;
    }
  }

  /** `idPrefix` followed by 9 digits: block × 10^8 + n. */
  makeId(block: number, n: number): string {
    return `${this.idPrefix}${String(block * 100_000_000 + n).padStart(9, '0')}`;
  }

  /** The module's block: its place in the id space (record ids, field ids). */
  blockOf(name: string): number {
    return this.state(name).block;
  }

  /** Modules a client can use (the configured ones). */
  moduleNames(): string[] {
    return [...this.byName.values()].filter((m) => m.available).map((m) => m.def.api_name);
  }

  module(name: string): ModuleDef | undefined {
    const state = this.byName.get(name);
    return state?.available ? state.def : undefined;
  }

  /** Field api names of a module, in export order (without `Id`). */
  fieldNames(name: string): string[] {
    return this.state(name).def.fields.map((field) => field.api_name);
  }

  /** Positions in use (base + inserted), deleted ones included. */
  size(name: string): number {
    const state = this.state(name);
    return state.baseCount + state.inserted.length;
  }

  /** How many records exist (deleted ones excluded). */
  count(name: string): number {
    const state = this.state(name);
    return this.size(name) - state.deleted.size;
  }

  isDeleted(name: string, position: number): boolean {
    return this.state(name).deleted.has(position);
  }

  /** Whether nothing was deleted (paging can then skip the per-record check). */
  hasDeletions(name: string): boolean {
    return this.state(name).deleted.size > 0;
  }

  idOf(name: string, position: number): string {
    const state = this.state(name);
    if (position < state.baseCount) return this.makeId(state.block, position + 1);
    return state.inserted[position - state.baseCount]?.[0] ?? '';
  }

  countOf(name: string): number {
    return this.byName.get(name)?.baseCount ?? 0;
  }

  /** Field values (in field order) of the record at `position`, or undefined when deleted/absent. */
  values(name: string, position: number): string[] | undefined {
    const state = this.state(name);
    if (state.deleted.has(position)) return undefined;
    if (position >= state.baseCount) return state.inserted[position - state.baseCount]?.slice(1);
    return state.updated.get(position) ?? this.generate(state, position);
  }

  /** The record at `position` as an object (`Id` first), or undefined when deleted/absent. */
  record(name: string, position: number): FakeRecord | undefined {
    const values = this.values(name, position);
    if (values === undefined) return undefined;
    const out: FakeRecord = { Id: this.idOf(name, position) };
    const fields = this.state(name).def.fields;
    for (let i = 0; i < fields.length; i++) out[fields[i]!.api_name] = values[i] ?? '';
    return out;
  }

  /** Where the record with this id lives. */
  locate(id: string): { module: string; position: number } | undefined {
    const inserted = this.insertedIds.get(id);
    if (inserted) return { module: inserted.state.def.api_name, position: inserted.position };
    if (!id.startsWith(this.idPrefix) || id.length !== this.idPrefix.length + 9) return undefined;
    const n = Number(id.slice(this.idPrefix.length));
    const state = this.byBlock.get(Math.floor(n / 100_000_000));
    const position = (n % 100_000_000) - 1;
    if (!state || position < 0 || position >= state.baseCount) return undefined;
    return { module: state.def.api_name, position };
  }

  /**
   * A reader for one export column: `Id`, a field, or `Lookup.Field` / `Owner.last_name`.
   * Returns undefined when the module has no such column.
   */
  column(name: string, path: string): ColumnGetter | undefined {
    if (path === 'Id' || path === 'id') return (_v, position) => this.idOf(name, position);
    const state = this.state(name);
    const own = state.fieldIndex.get(path);
    if (own !== undefined) return (values) => values[own] ?? '';
    const dot = path.indexOf('.');
    if (dot < 0) return undefined;
    const index = state.fieldIndex.get(path.slice(0, dot));
    const field = index === undefined ? undefined : state.def.fields[index];
    const sub = path.slice(dot + 1);
    if (index === undefined || field?.lookup === undefined) return undefined;
    if (field.lookup === 'users') {
      if (!(userFields as readonly string[]).includes(sub)) return undefined;
      const key = sub as (typeof userFields)[number];
      return (values) => this.users.find((u) => u.id === values[index])?.[key] ?? '';
    }
    const parent = this.byName.get(field.lookup);
    if (!parent) return undefined;
    if (sub !== 'id' && !parent.fieldIndex.has(sub)) return undefined;
    return (values) => this.lookupValue(parent, values[index] ?? '', sub);
  }

  /** Data type of a column (for criteria): the field's, or the parent field's for dot paths. */
  columnType(name: string, path: string): ModuleDef['fields'][number]['data_type'] | undefined {
    const state = this.state(name);
    const own = state.fieldIndex.get(path);
    if (own !== undefined) return state.def.fields[own]?.data_type;
    if (path === 'Id' || path === 'id') return 'bigint';
    const dot = path.indexOf('.');
    if (dot < 0 || this.column(name, path) === undefined) return undefined;
    const field = state.def.fields[state.fieldIndex.get(path.slice(0, dot)) ?? -1];
    const sub = path.slice(dot + 1);
    if (field?.lookup === 'users' || sub === 'id') return sub === 'id' ? 'bigint' : 'text';
    const parent = this.byName.get(field?.lookup ?? '');
    return parent?.def.fields[parent.fieldIndex.get(sub) ?? -1]?.data_type;
  }

  /** Adds a record; missing system fields get defaults. Returns the new id. */
  insert(name: string, values: FakeRecord): string {
    const state = this.state(name);
    const id = this.makeId(INSERTED_BLOCK, ++this.insertCounter);
    const row = [id, ...newRow(state.def.fields, values, this.users, this.now())];
    this.version++;
    state.inserted.push(row);
    this.insertedIds.set(id, { state, position: state.baseCount + state.inserted.length - 1 });
    return id;
  }

  /** The position of a live (not deleted) record of this module, or undefined. */
  positionOf(name: string, id: string): number | undefined {
    const where = this.locate(id);
    return where && where.module === name && !this.isDeleted(name, where.position)
      ? where.position
      : undefined;
  }

  /** Changes fields of a record (Modified_Time set to now unless given). False when not found. */
  update(name: string, id: string, patch: FakeRecord): boolean {
    const where = this.locate(id);
    if (!where || where.module !== name) return false;
    const state = this.state(name);
    const current = this.values(name, where.position);
    if (!current) return false;
    const next = [...current];
    const stamped = { Modified_Time: formatDateTime(this.now(), currentUser(this.users).zone), ...patch };
    for (const [key, value] of Object.entries(stamped)) {
      const i = state.fieldIndex.get(key);
      if (i !== undefined) next[i] = value;
    }
    finishRow(state.def.fields, next, this.users);
    this.version++;
    if (where.position >= state.baseCount) state.inserted[where.position - state.baseCount] = [id, ...next];
    else state.updated.set(where.position, next);
    return true;
  }

  /** Deletes a record. False when not found. */
  remove(name: string, id: string): boolean {
    const position = this.positionOf(name, id);
    if (position === undefined) return false;
    this.state(name).deleted.add(position);
    this.version++;
    return true;
  }

  /** Drops the overlay: back to the generated records. */
  reset(): void {
    for (const state of this.byName.values()) {
      state.updated.clear();
      state.deleted.clear();
      state.inserted = [];
    }
    this.insertedIds.clear();
    this.insertCounter = 0;
    this.version++;
  }

  private state(name: string): ModuleState {
    const state = this.byName.get(name);
    if (!state) throw new RangeError(`FakeZoho has no module '${name}'`);
    return state;
  }

  private generate(state: ModuleState, position: number): string[] {
    const who = drawIdentity(new Rng(mixSeed(this.seed, state.salt, position, 1)));
    const id = this.makeId(state.block, position + 1);
    const g = new Gen(new Rng(mixSeed(this.seed, state.salt, position, 2)), position, id, who, this);
    const fields = state.def.fields;
    const out = new Array<string>(fields.length);
    for (let i = 0; i < fields.length; i++) out[i] = fields[i]!.gen(g);
    return out;
  }

  private lookupValue(parent: ModuleState, id: string, sub: string): string {
    if (id === '') return '';
    if (sub === 'id') return id;
    const where = this.locate(id);
    if (!where) return '';
    const cheap =
      sub === parent.def.displayField &&
      where.position < parent.baseCount &&
      !parent.updated.has(where.position) &&
      !parent.deleted.has(where.position);
    if (cheap)
      return parent.def.display(drawIdentity(new Rng(mixSeed(this.seed, parent.salt, where.position, 1))));
    return this.values(parent.def.api_name, where.position)?.[parent.fieldIndex.get(sub) ?? -1] ?? '';
  }
}
